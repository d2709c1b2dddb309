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
        var (first, rest) = FirstOf(names.ToList(), MaxListed);
        var shown = first.Select(n => $"'{n}'").ToList();
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

    /// <summary>
    /// The cut every long list in a message makes: all of <paramref name="items"/> when at most <paramref name="room"/>,
    /// else the first <paramref name="room"/> - 1 and how many more (the "N more" takes the last place).
    /// </summary>
    public static (IReadOnlyList<T> Shown, int More) FirstOf<T>(IReadOnlyList<T> items, int room)
    {
        var shown = items.Take(items.Count > room ? room - 1 : room).ToList();
        return (shown, items.Count - shown.Count);
    }

    /// <summary>A C# string array literal, for messages that show the declaration to write.</summary>
    public static string ArrayLiteral(IEnumerable<string> names) =>
        "new[] { " + string.Join(", ", names.Select(n => $"\"{n}\"")) + " }";
}
