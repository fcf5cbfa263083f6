using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace CnnDsl;

/// <summary>
/// Reads a safetensors file: the checked header (<see cref="Entries"/>, <see cref="Metadata"/>) on opening, tensor
/// data only on request. Files are memory-mapped, so data is copied once, from the page cache into the destination.
/// Every malformed input is an <see cref="InvalidDataException"/> naming the tensor or header field.
/// </summary>
public sealed class SafeTensorsReader : IDisposable
{
    /// <summary>
    /// Largest header accepted (the reference implementation's limit): a corrupt length cannot make the reader
    /// allocate gigabytes.
    /// </summary>
    public const int MaxHeaderLength = 100_000_000;

    private readonly Source _source;
    private readonly Dictionary<string, SafeTensorsEntry> _byName = new(StringComparer.Ordinal);

    private SafeTensorsReader(Source source)
    {
        _source = source;
        try
        {
            Span<byte> prefix = stackalloc byte[8];
            if (source.Length is long known && known < 8)
            {
                throw new InvalidDataException(Text($"The file is {known} bytes long, too short for a safetensors header length (8 bytes)."));
            }
            source.ReadExactly(0, prefix, "the header length");
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > MaxHeaderLength)
            {
                throw new InvalidDataException(Text($"The safetensors header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes; the file is not safetensors or is corrupt."));
            }
            if (source.Length is long length && (long)headerLength > length - 8)
            {
                throw new InvalidDataException(Text($"The safetensors header length {headerLength} is larger than the rest of the file ({length - 8} bytes): the file is truncated or corrupt."));
            }
            if (headerLength < 2) throw new InvalidDataException(Text($"The safetensors header length {headerLength} is too small for a JSON object."));
            DataStart = 8 + (long)headerLength;
            var header = new byte[(int)headerLength];
            source.ReadExactly(8, header, "the header");
            var (entries, metadata) = SafeTensorsHeader.Parse(header, source.Length - DataStart);
            Entries = entries;
            Metadata = metadata;
            foreach (var entry in entries) _byName.Add(entry.Name, entry);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Opens a file (memory-mapped) and reads its header.</summary>
    /// <exception cref="InvalidDataException">The file is not valid safetensors.</exception>
    public static SafeTensorsReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new SafeTensorsReader(new MappedFileSource(path));
    }

    /// <summary>
    /// Reads the header from <paramref name="stream"/>, positioned at the start of the safetensors data. A seekable
    /// stream allows tensors in any order; a forward-only one requires <see cref="ReadAsFloat32"/> calls in file order
    /// (<see cref="Entries"/> order).
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not valid safetensors.</exception>
    public static SafeTensorsReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new SafeTensorsReader(new StreamSource(stream, leaveOpen));
    }

    /// <summary>Every tensor in the header, in data order (ascending offsets).</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The header's <c>__metadata__</c> strings (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Byte offset of the data section in the file (8 + header length).</summary>
    public long DataStart { get; }

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public SafeTensorsEntry? Find(string name) => _byName.TryGetValue(name, out var entry) ? entry : null;

    /// <summary>Reads a tensor's values, converting F16 and BF16 to float.</summary>
    /// <exception cref="InvalidDataException">The dtype is not F32, F16 or BF16, or the data is truncated.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not exactly the tensor's length.</exception>
    public void ReadAsFloat32(SafeTensorsEntry entry, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!SafeTensorsDTypes.IsLoadable(entry.DType))
        {
            throw new InvalidDataException($"Tensor '{entry.Name}' has dtype {entry.DType}; only F32, F16 and BF16 load as float.");
        }
        if (entry.ElementCount != destination.Length)
        {
            throw new ArgumentException(Text($"Tensor '{entry.Name}' holds {entry.ElementCount} values, but the destination holds {destination.Length}."), nameof(destination));
        }
        long position = DataStart + entry.Begin;
        string what = "tensor '" + entry.Name + "'";
        if (entry.DType == SafeTensorsDType.F32)
        {
            var bytes = MemoryMarshal.AsBytes(destination);
            _source.ReadExactly(position, bytes, what);
            if (!BitConverter.IsLittleEndian)
            {
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
            }
            return;
        }
        // 16-bit types: convert in chunks through a pooled buffer.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int done = 0;
            while (done < destination.Length)
            {
                int count = Math.Min(destination.Length - done, buffer.Length / 2);
                var chunk = buffer.AsSpan(0, count * 2);
                _source.ReadExactly(position + (long)done * 2, chunk, what);
                for (int i = 0; i < count; i++)
                {
                    ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk.Slice(i * 2, 2));
                    destination[done + i] = entry.DType == SafeTensorsDType.F16
                        ? (float)BitConverter.UInt16BitsToHalf(bits)
                        : BitConverter.Int32BitsToSingle(bits << 16);
                }
                done += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Whether the data section's length was known when the header was checked (a file or a seekable stream): then
    /// the header alone proved that every tensor lies within the data and that nothing follows the last one.
    /// </summary>
    internal bool LengthChecked => _source.Length is not null;

    /// <summary>
    /// For a forward-only stream, after its tensors were read: the data must end exactly where the last tensor ends
    /// (a header length that is off shifts the data and leaves bytes over, which only the end shows).
    /// </summary>
    /// <exception cref="InvalidDataException">The data is shorter or longer than the header describes.</exception>
    internal void CheckDataEnds()
    {
        long end = DataStart + (Entries.Count == 0 ? 0 : Entries[^1].End);
        if (_source.HasByteAt(end))
        {
            throw new InvalidDataException(Text($"The safetensors data continues after the last tensor ends (at data offset {end - DataStart}): the header length or the offsets are wrong."));
        }
    }

    /// <summary>Releases the mapping or the stream.</summary>
    public void Dispose() => _source.Dispose();

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Random or forward-only access to the file's bytes.</summary>
    private abstract class Source : IDisposable
    {
        /// <summary>Total bytes, or null when unknown.</summary>
        public abstract long? Length { get; }

        public abstract void ReadExactly(long position, Span<byte> destination, string what);

        /// <summary>Whether the file has a byte at <paramref name="position"/>; throws when it ends before.</summary>
        public abstract bool HasByteAt(long position);

        public abstract void Dispose();

        protected static InvalidDataException Truncated(string what, long position, int wanted)
            => new(Text($"The safetensors data ends before {what} does (needed {wanted} bytes at offset {position}): the file is truncated."));
    }

    private sealed class MappedFileSource : Source
    {
        private readonly long _length;
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;
        private readonly unsafe byte* _pointer;

        public unsafe MappedFileSource(string path)
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
            _length = stream.Length;
            // Mapping an empty file throws; such a file is reported as too short by the caller instead.
            if (_length == 0)
            {
                stream.Dispose();
                return;
            }
            try
            {
                // The mapping owns the stream from here (leaveOpen: false).
                _file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
            _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _pointer = pointer + _view.PointerOffset;
        }

        public override long? Length => _length;

        public override unsafe void ReadExactly(long position, Span<byte> destination, string what)
        {
            if (position < 0 || position > _length - destination.Length) throw Truncated(what, position, destination.Length);
            const int chunk = 1 << 30;
            for (int done = 0; done < destination.Length; done += chunk)
            {
                int count = Math.Min(chunk, destination.Length - done);
                new ReadOnlySpan<byte>(_pointer + position + done, count).CopyTo(destination.Slice(done, count));
            }
        }

        public override bool HasByteAt(long position) => position < _length;

        public override void Dispose()
        {
            if (_view is not null)
            {
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
                _view.Dispose();
            }
            _file?.Dispose();
        }
    }

    private sealed class StreamSource : Source
    {
        private readonly Stream _stream;
        private readonly bool _leaveOpen;
        private readonly long _origin;
        private long _position;

        public StreamSource(Stream stream, bool leaveOpen)
        {
            if (!stream.CanRead) throw new ArgumentException("The stream must be readable.", nameof(stream));
            _stream = stream;
            _leaveOpen = leaveOpen;
            _origin = stream.CanSeek ? stream.Position : 0;
        }

        public override long? Length => _stream.CanSeek ? _stream.Length - _origin : null;

        public override void ReadExactly(long position, Span<byte> destination, string what)
        {
            if (_stream.CanSeek)
            {
                if (position > _stream.Length - _origin - destination.Length) throw Truncated(what, position, destination.Length);
                _stream.Position = _origin + position;
            }
            else
            {
                if (position < _position)
                {
                    throw new InvalidOperationException($"The stream cannot seek back to {what}; read tensors in file order.");
                }
                Skip(position - _position, what);
            }
            int read = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            if (read < destination.Length) throw Truncated(what, position, destination.Length);
            _position = position + destination.Length;
        }

        public override bool HasByteAt(long position)
        {
            if (_stream.CanSeek) return position < _stream.Length - _origin;
            if (position < _position) throw new InvalidOperationException("The stream cannot seek back; check its end last.");
            Skip(position - _position, "the last tensor");
            Span<byte> one = stackalloc byte[1];
            return _stream.Read(one) > 0;
        }

        private void Skip(long count, string what)
        {
            Span<byte> scratch = stackalloc byte[4096];
            while (count > 0)
            {
                int n = _stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
                if (n == 0) throw Truncated(what, _position, (int)Math.Min(count, int.MaxValue));
                count -= n;
                _position += n;
            }
        }

        public override void Dispose()
        {
            if (!_leaveOpen) _stream.Dispose();
        }
    }
}
