using MatchApi.Catalog.Model;

namespace MatchApi.Infrastructure;

/// <summary>Now and today as the catalog counts them: the registered <see cref="TimeProvider"/>'s clock, days in Japan (JST).</summary>
public static class JapanCalendar
{
    public static DateOnly Today(HttpContext http) => CallDates.DayInJapan(Now(http));

    /// <summary>Now (calls' deadlines count from it).</summary>
    public static DateTimeOffset Now(HttpContext http) => http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
