using System.Text;

namespace CnnDsl;

/// <summary>
/// Lays out the table a generated network's <c>Summary()</c> returns (one row per layer attribute, composite blocks'
/// inner operations indented below): columns padded to their widest cell, numbers right-aligned. The generator writes
/// only the cells, so the padding costs no generated source.
/// </summary>
public static class SummaryLayout
{
    /// <summary>Cells per row: layer (type), arguments, output shape, params, MACs, share.</summary>
    public const int Columns = 6;

    private static readonly string[] Header = { "Layer (type)", "Arguments", "Output shape", "Params", "MACs", "Share" };

    /// <summary>
    /// The table: <paramref name="title"/>, a double rule, the header, a rule, the rows of <paramref name="cells"/>
    /// (<see cref="Columns"/> a row), a double rule, then <paramref name="footer"/> as it is.
    /// </summary>
    /// <exception cref="System.ArgumentException">The number of cells is not a multiple of <see cref="Columns"/>.</exception>
    public static string Table(string title, string footer, params string[] cells)
    {
        if (cells.Length % Columns != 0)
            throw new System.ArgumentException("cells must be " + Columns + " a row (layer, arguments, output shape, params, MACs, share), got " + cells.Length, nameof(cells));
        var widths = new int[Columns];
        for (int c = 0; c < Columns; c++)
        {
            widths[c] = Header[c].Length;
            for (int i = c; i < cells.Length; i += Columns) widths[c] = System.Math.Max(widths[c], cells[i].Length);
        }

        int total = 0;
        foreach (int w in widths) total += w + 2;
        string rule = new('-', total - 2);
        string doubleRule = new('=', total - 2);

        var text = new StringBuilder();
        text.Append(title).Append('\n');
        text.Append(doubleRule).Append('\n');
        AppendRow(text, Header, 0, widths);
        text.Append(rule).Append('\n');
        for (int i = 0; i < cells.Length; i += Columns) AppendRow(text, cells, i, widths);
        text.Append(doubleRule).Append('\n');
        text.Append(footer);
        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int start, int[] widths)
    {
        for (int c = 0; c < Columns; c++)
        {
            bool numeric = c >= 3;
            string cell = cells[start + c];
            text.Append(numeric ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            if (c < Columns - 1) text.Append("  ");
        }
        // Trailing spaces would make golden files fragile.
        while (text.Length > 0 && text[text.Length - 1] == ' ') text.Length--;
        text.Append('\n');
    }
}
