namespace MatchApi.Infrastructure;

/// <summary>Today as the catalog counts it: in Japan (JST), where fiscal years run April–March.</summary>
public static class JapanCalendar
{
    private static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static DateOnly Today(HttpContext http) =>
        DateOnly.FromDateTime((http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().ToOffset(JapanOffset).DateTime);
}
