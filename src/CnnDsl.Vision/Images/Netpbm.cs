using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace CnnDsl.Vision;

/// <summary>
/// Binary Netpbm: PPM (P6, RGB) and PGM (P5, gray, expanded to RGB), 8-bit or 16-bit. Skia has no Netpbm codec; the
/// format is a text header followed by raw samples, so this is a header parser, not a decoder.
/// </summary>
internal static class Netpbm
{
    public static bool IsNetpbm(ReadOnlySpan<byte> data)
        => data.Length >= 2 && data[0] == (byte)'P' && (data[1] == (byte)'5' || data[1] == (byte)'6');

    public static ImageData Decode(ReadOnlySpan<byte> data, string name)
    {
        int position = 2;
        int channels = data[1] == (byte)'6' ? 3 : 1;
        int width = Number(data, ref position, name, "width");
        int height = Number(data, ref position, name, "height");
        int max = Number(data, ref position, name, "maximum value");
        if (max <= 0 || max > 65535) throw new InvalidDataException($"{name}: a Netpbm maximum value must be 1..65535; got {max}.");
        if (position >= data.Length) throw new InvalidDataException($"{name}: the Netpbm header is not followed by pixels.");
        position++; // the single whitespace byte after the header
        int bytesPerSample = max < 256 ? 1 : 2;
        long needed = (long)width * height * channels * bytesPerSample;
        if (data.Length - position < needed)
            throw new InvalidDataException($"{name}: truncated; a {width}x{height} {(channels == 3 ? "PPM" : "PGM")} needs {needed} bytes of pixels, the file has {data.Length - position}.");

        var image = new ImageData(width, height, 3);
        Span<float> pixels = image.Pixels;
        float scale = 255f / max;
        int samples = width * height * channels;
        for (int i = 0; i < samples; i++)
        {
            int raw = bytesPerSample == 1 ? data[position + i] : (data[position + 2 * i] << 8) | data[position + 2 * i + 1];
            float value = max == 255 ? raw : raw * scale;
            if (channels == 3) pixels[i] = value;
            else pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = value;
        }
        return image;
    }

    private static int Number(ReadOnlySpan<byte> data, ref int position, string name, string what)
    {
        while (position < data.Length)
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n') position++;
            }
            else if (IsSpace(data[position])) position++;
            else break;
        }
        int start = position;
        while (position < data.Length && !IsSpace(data[position])) position++;
        string token = Encoding.ASCII.GetString(data.Slice(start, position - start));
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || (what != "maximum value" && value <= 0))
            throw new InvalidDataException($"{name}: the Netpbm header's {what} is '{token}', not a positive integer.");
        return value;
    }

    private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';
}
