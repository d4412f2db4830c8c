namespace MatchApi.Infrastructure;

/// <summary>Today as the catalog counts it: in Japan (JST), where fiscal years run April–March.</summary>
public static class JapanCalendar
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static DateOnly Today(HttpContext http) => DateOnly.FromDateTime(Now(http).ToOffset(JapanOffset).DateTime);

    /// <summary>Now (calls' deadlines count from it); the TimeProvider service when one is registered.</summary>
    public static DateTimeOffset Now(HttpContext http) => (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
}
