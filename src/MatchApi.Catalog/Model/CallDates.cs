using System.Globalization;

namespace MatchApi.Catalog.Model;

/// <summary>
/// The dates of calls for proposals, in Japan's time: a date alone (2027-02-14) opens at 00:00 JST and closes at the end
/// of that day in JST; a date-time carries its offset (2027-02-14T12:00:00+09:00).
/// </summary>
public static class CallDates
{
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public const string Accepted = "a JST date YYYY-MM-DD (the whole day) or a date-time with its offset, e.g. 2027-02-14T12:00:00+09:00";

    /// <summary>When a call opens; null when the value is absent or not a date.</summary>
    public static DateTimeOffset? Opening(string? value) => Parse(value, closing: false);

    /// <summary>When a call closes (a date alone: the last moment of that day in Japan); null when absent or not a date.</summary>
    public static DateTimeOffset? Closing(string? value) => Parse(value, closing: true);

    public static DateOnly DayInJapan(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Jst).DateTime);

    public static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Jst);

    public static DateTimeOffset EndOfDay(DateOnly day) => StartOfDay(day).AddDays(1).AddTicks(-1);

    private static DateTimeOffset? Parse(string? value, bool closing)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return closing ? EndOfDay(day) : StartOfDay(day);
        // A date-time must state its offset: a bare local time would be read in the server's time zone.
        if (value.Length > 19 && (value.EndsWith('Z') || value[^6] is '+' or '-') &&
            DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return instant;
        return null;
    }
}

/// <summary>Where a call stands at a moment: accepting, upcoming, closed; derived from its dates and stated status.</summary>
public static class CallState
{
    /// <summary>Whether applications are accepted at some moment of the JST day.</summary>
    public static bool AcceptsOn(this Call call, DateOnly day) => call.AcceptsBetween(CallDates.StartOfDay(day), CallDates.EndOfDay(day));

    public static bool AcceptsAt(this Call call, DateTimeOffset instant) => call.AcceptsBetween(instant, instant);

    private static bool AcceptsBetween(this Call call, DateTimeOffset from, DateTimeOffset to)
    {
        if (call.Status is "cancelled" or "closed") return false;
        var opens = CallDates.Opening(call.OpensAt);
        var closes = CallDates.Closing(call.ClosesAt);
        // Without one of the dates only a stated "open" says the call is accepting.
        if (opens is null && closes is null) return call.Status == "open";
        return (opens ?? (call.Status == "open" ? DateTimeOffset.MinValue : null)) is { } o && o <= to
            && (closes ?? (call.Status == "open" ? DateTimeOffset.MaxValue : null)) is { } c && c >= from;
    }

    /// <summary>accepting, upcoming (opens later), closed, cancelled, or unknown (no dates and no stated status that decides).</summary>
    public static string StateAt(this Call call, DateTimeOffset now)
    {
        if (call.Status == "cancelled") return "cancelled";
        if (call.AcceptsAt(now)) return "accepting";
        if (call.Status == "closed" || CallDates.Closing(call.ClosesAt) is { } closes && closes < now) return "closed";
        if (CallDates.Opening(call.OpensAt) is { } opens && opens > now) return "upcoming";
        return call.Status == "planned" ? "upcoming" : "unknown";
    }

    /// <summary>The call of the scheme that closes next at or after <paramref name="now"/> (not cancelled), with its closing time.</summary>
    public static (Call Call, DateTimeOffset ClosesAt)? NextDeadline(this Scheme scheme, DateTimeOffset now) => scheme.Calls
        .Where(c => c.Status != "cancelled")
        .Select(c => (Call: c, Closes: CallDates.Closing(c.ClosesAt)))
        .Where(c => c.Closes is { } closes && closes >= now)
        .OrderBy(c => c.Closes)
        .Select(c => ((Call, DateTimeOffset)?)(c.Call, c.Closes!.Value))
        .FirstOrDefault();
}
