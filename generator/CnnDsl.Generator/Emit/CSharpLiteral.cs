using System.Globalization;
using System.Text;

namespace CnnDsl.Generator.Emit;

/// <summary>C# literals for emitted code, invariant culture always.</summary>
internal static class CSharpLiteral
{
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c > '\u007e') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long constant with digit separators for readability: 120_422_400L.</summary>
    public static string Long(long value)
    {
        string digits = value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '_');
        return digits + "L";
    }

    /// <summary>A float literal that round-trips.</summary>
    public static string Float(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>Comment-safe text: no line breaks (every character C# ends a line at) or comment terminators.</summary>
    public static string Comment(string value)
        => value.Replace("\r", " ").Replace("\n", " ").Replace("\u0085", " ").Replace("\u2028", " ").Replace("\u2029", " ").Replace("*/", "* /");
}
