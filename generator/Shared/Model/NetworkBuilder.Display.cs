using System;
using System.Collections.Generic;
using System.Globalization;

namespace CnnDsl.Model;

/// <summary>
/// How messages name the layers inside used blocks: the way the user wrote them ("ResNetBlock (3rd use) branch
/// 'Shortcut', layer 2 Conv"), not the node names (<c>resnetblock3.Shortcut.conv2</c>), which key the weight files and
/// <c>TrainFrom</c>/<c>Through</c> and stay as they are.
/// </summary>
internal sealed partial class NetworkBuilder
{
    // Node-name prefix -> the user's name for it; only layers inside used blocks are here.
    private readonly Dictionary<string, string> _displayNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _blockUses = new(StringComparer.Ordinal);

    /// <summary>Counts one more use of the block <paramref name="typeName"/> in this network; returns 1 for the first.</summary>
    internal int NextUse(string typeName)
    {
        _blockUses.TryGetValue(typeName, out int count);
        return _blockUses[typeName] = count + 1;
    }

    /// <summary>Messages about <paramref name="nodeName"/> and the nodes under it (its prefix) name it <paramref name="display"/>.</summary>
    internal void DisplayAs(string nodeName, string display) => _displayNames[nodeName] = display;

    /// <summary>
    /// The user's name for <paramref name="nodeName"/>: the registered name of its longest registered prefix, with the
    /// rest (the part of a composite, a block's add) in parentheses; the node name itself outside blocks.
    /// </summary>
    internal string Display(string nodeName)
    {
        for (string prefix = nodeName; ;)
        {
            if (_displayNames.TryGetValue(prefix, out string? display))
                return prefix.Length == nodeName.Length ? display : display + " (" + nodeName.Substring(prefix.Length + 1) + ")";
            int dot = prefix.LastIndexOf('.');
            if (dot < 0) return nodeName;
            prefix = prefix.Substring(0, dot);
        }
    }

    /// <summary>1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st.</summary>
    internal static string Ordinal(int n)
    {
        int tens = n % 100, units = n % 10;
        string suffix = tens is >= 11 and <= 13 ? "th" : units == 1 ? "st" : units == 2 ? "nd" : units == 3 ? "rd" : "th";
        return n.ToString(CultureInfo.InvariantCulture) + suffix;
    }
}
