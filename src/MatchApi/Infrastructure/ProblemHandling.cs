using Microsoft.AspNetCore.Diagnostics;

namespace MatchApi.Infrastructure;

/// <summary>Turns exceptions into problem+json: malformed requests are 400, a loading catalog 503, anything else 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            CatalogNotReadyException => (StatusCodes.Status503ServiceUnavailable, "Catalog not ready",
                "The catalog is still loading; retry shortly. GET /health/ready answers 200 once it is ready."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            Microsoft.Data.Sqlite.SqliteException when DatabaseUnavailable(context) => (StatusCodes.Status503ServiceUnavailable, "Catalog database unavailable",
                "The catalog database is missing or unreadable; the service is not ready (GET /health/ready). Retry shortly."),
            _ when SharedStoreUnreachable(exception) => (StatusCodes.Status503ServiceUnavailable, "Catalog database unavailable",
                "The shared catalog store (PostgreSQL) does not answer; nothing was written. Reads go on from this instance's copy. Retry shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "An unexpected error occurred; it has been logged."),
        };
        if (status == StatusCodes.Status500InternalServerError)
            logger.LogError(exception, "Unhandled exception for {Method} {Route} ({Path})", InputErrors.Shorten(context.Request.Method),
                (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText, InputErrors.Shorten(context.Request.Path.Value ?? ""));
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "5";
        return problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>PostgreSQL refused or dropped the connection (EF Core wraps it in its own exceptions); an error the server answered is not this.</summary>
    private static bool SharedStoreUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException and not Npgsql.PostgresException or System.Net.Sockets.SocketException) return true;
        return false;
    }

    /// <summary>
    /// A database error while the file is gone or being rebuilt: a 503 like health's, not a 500. A deletion is reported
    /// at once (health says not ready) without waiting for the file watch.
    /// </summary>
    private static bool DatabaseUnavailable(HttpContext context)
    {
        var database = context.RequestServices.GetRequiredService<MatchApi.Catalog.Infrastructure.CatalogDatabase>();
        var store = context.RequestServices.GetRequiredService<MatchApi.Catalog.CatalogStore>();
        if (!database.Exists && store.DatabaseProblem is null) store.ReportDatabaseProblem($"The catalog database {database.Path} was deleted while serving.");
        return store.DatabaseProblem is not null;
    }
}
