using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace MigrationChain.Rules;

/// <summary>Formats revision names for messages, so every rule phrases lists the same way.</summary>
internal static class Names
{
    private const int MaxListed = 5;

    /// <summary><c>'a'</c>, <c>'a' and 'b'</c>, <c>'a', 'b' and 'c'</c>, or the first few and "N more".</summary>
    public static string List(IEnumerable<string> names)
    {
        var all = names.ToList();
        var shown = all.Take(all.Count > MaxListed ? MaxListed - 1 : MaxListed).Select(n => $"'{n}'").ToList();
        var rest = all.Count - shown.Count;
        if (rest > 0)
        {
            shown.Add($"{rest} more");
        }

        if (shown.Count == 1)
        {
            return shown[0];
        }

        var text = new StringBuilder();
        text.Append(string.Join(", ", shown.Take(shown.Count - 1)));
        text.Append(" and ").Append(shown[shown.Count - 1]);
        return text.ToString();
    }

    /// <summary>A C# string array literal, for messages that show the declaration to write.</summary>
    public static string ArrayLiteral(IEnumerable<string> names) =>
        "new[] { " + string.Join(", ", names.Select(n => $"\"{n}\"")) + " }";
}
