using System.Collections;
using RollCall.Server.Domain;

namespace RollCall.Server.Live;

/// <summary>
/// The registered attendees in registration order, as an immutable view. Appending to the
/// newest roll shares its storage (the new attendee goes into a slot no older view reads),
/// so a registration costs O(1) however many attendees there are; only a cancellation copies.
/// </summary>
public sealed class AttendantRoll : IReadOnlyList<Attendant>
{
    private readonly Attendant?[] _items;
    private readonly Lineage _lineage;

    private AttendantRoll(Attendant?[] items, int count, Lineage lineage)
    {
        _items = items;
        Count = count;
        _lineage = lineage;
    }

    /// <summary>The roll with nobody on it.</summary>
    public static AttendantRoll Empty { get; } = new([], 0, new Lineage(0));

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public Attendant this[int index] =>
        (uint)index < (uint)Count ? _items[index]! : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>A roll of <paramref name="attendants"/>, which must be in registration order.</summary>
    public static AttendantRoll From(IReadOnlyList<Attendant> attendants)
    {
        var items = new Attendant?[Math.Max(16, attendants.Count * 5 / 4)];
        for (var i = 0; i < attendants.Count; i++)
        {
            items[i] = attendants[i];
        }

        return new AttendantRoll(items, attendants.Count, new Lineage(attendants.Count));
    }

    /// <summary>This roll plus <paramref name="attendant"/> at the end.</summary>
    public AttendantRoll Append(Attendant attendant)
    {
        // Appending to the newest roll of a lineage continues it; appending to an older one
        // (which the broadcaster never does) starts a new lineage, so prefixes stay true. The
        // empty roll is shared by every broadcaster in the process, so it never continues one.
        var lineage = Count > 0 && _lineage.Length == Count ? _lineage : new Lineage(Count);
        lineage.Length = Count + 1;

        // Only the newest roll appends, under the broadcaster's lock; the null check keeps an
        // older view from ever overwriting a slot that a newer one already uses.
        if (Count < _items.Length && _items[Count] is null)
        {
            _items[Count] = attendant;
            return new AttendantRoll(_items, Count + 1, lineage);
        }

        var grown = new Attendant?[Math.Max(16, _items.Length * 2)];
        Array.Copy(_items, grown, Count);
        grown[Count] = attendant;
        return new AttendantRoll(grown, Count + 1, lineage);
    }

    /// <summary>
    /// Whether this roll is <paramref name="older"/> plus zero or more attendees appended at the
    /// end: then whatever was derived from <paramref name="older"/> entry by entry only needs
    /// the new entries added. False after a cancellation, which rebuilds the roll.
    /// </summary>
    public bool StartsWith(AttendantRoll older) => ReferenceEquals(_lineage, older._lineage) && older.Count <= Count;

    /// <summary>This roll without the attendee with <paramref name="number"/>; itself when absent.</summary>
    public AttendantRoll Remove(long number)
    {
        var index = IndexOf(number);
        if (index < 0)
        {
            return this;
        }

        var items = new Attendant?[_items.Length];
        Array.Copy(_items, items, index);
        Array.Copy(_items, index + 1, items, index, Count - index - 1);
        return new AttendantRoll(items, Count - 1, new Lineage(Count - 1));
    }

    /// <summary>The last <paramref name="max"/> attendees, newest first.</summary>
    public IEnumerable<Attendant> Newest(int max)
    {
        for (var i = Count - 1; i >= 0 && i >= Count - max; i--)
        {
            yield return _items[i]!;
        }
    }

    /// <inheritdoc />
    public IEnumerator<Attendant> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _items[i]!;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A line of rolls each made by appending to the newest one; Length is that newest one's count.</summary>
    private sealed class Lineage(int length)
    {
        public int Length { get; set; } = length;
    }

    private int IndexOf(long number)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var value = _items[mid]!.Number;
            if (value == number)
            {
                return mid;
            }

            if (value < number)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return -1;
    }
}
