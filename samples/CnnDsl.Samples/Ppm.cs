using System.Globalization;
using System.IO;
using System.Text;

namespace CnnDsl.Samples;

/// <summary>Reads the shipped photos: binary PPM (P6, 8-bit), so the sample needs no image decoder.</summary>
internal static class Ppm
{
    /// <summary>Planar RGB floats in 0..255 (NCHW, one image), as ML.NET's pixel extractor gives them.</summary>
    public static float[] ReadPlanarRgb(string path, int expectedSize)
    {
        byte[] data = File.ReadAllBytes(path);
        int position = 0;
        string Token()
        {
            while (position < data.Length && char.IsWhiteSpace((char)data[position])) position++;
            int start = position;
            while (position < data.Length && !char.IsWhiteSpace((char)data[position])) position++;
            return Encoding.ASCII.GetString(data, start, position - start);
        }
        if (Token() != "P6") throw new InvalidDataException($"{path} is not a binary PPM (P6).");
        int width = int.Parse(Token(), CultureInfo.InvariantCulture);
        int height = int.Parse(Token(), CultureInfo.InvariantCulture);
        if (Token() != "255") throw new InvalidDataException($"{path} is not 8-bit.");
        if (width != expectedSize || height != expectedSize)
            throw new InvalidDataException($"{path} is {width}x{height}; ResNet-18 takes {expectedSize}x{expectedSize} (see samples/images/resize.py).");
        position++;
        if (data.Length - position < 3 * width * height) throw new InvalidDataException($"{path} is truncated.");
        int plane = width * height;
        var planar = new float[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++) planar[c * plane + i] = data[position + i * 3 + c];
        }
        return planar;
    }
}
