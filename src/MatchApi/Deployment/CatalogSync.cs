using MatchApi.Catalog.Infrastructure;
using Npgsql;

namespace MatchApi.Deployment;

public enum CatalogStoreKind { Sqlite, Postgres }

/// <summary>
/// Catalog:Store (sqlite, the default, or postgres) with ConnectionStrings:Catalog, and on PostgreSQL how an instance
/// hears of other instances' writes: Catalog:ListenForChanges (LISTEN/NOTIFY, default true; false behind a pooler that
/// cannot LISTEN, e.g. PgBouncer in transaction mode) and Catalog:VersionCheckMilliseconds (the fallback: how often the
/// catalog's revision sequence is compared with the one served, default 1000).
/// </summary>
public sealed record CatalogStoreSettings(CatalogStoreKind Kind, string ConnectionString, bool ListenForChanges, TimeSpan VersionCheckInterval)
{
    public static CatalogStoreSettings From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Catalog");
        var kind = (configuration["Catalog:Store"]?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "sqlite" => CatalogStoreKind.Sqlite,
            "postgres" or "postgresql" => CatalogStoreKind.Postgres,
            var other => throw new InvalidOperationException(
                $"Catalog:Store is '{(other.Length <= 30 ? other : other[..30] + "…")}'; expected sqlite (the default: one instance, a file) or postgres (several instances)."),
        };
        if (kind == CatalogStoreKind.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "Catalog:Store=postgres needs ConnectionStrings:Catalog, a PostgreSQL connection string, e.g. Host=db;Database=matchapi;Username=matchapi;Password=….");
        var interval = configuration.GetValue("Catalog:VersionCheckMilliseconds", 1000);
        if (interval is < 50 or > 600_000)
            throw new InvalidOperationException("Catalog:VersionCheckMilliseconds must be between 50 and 600000.");
        return new(kind, connectionString ?? "Data Source=matchapi.db", configuration.GetValue("Catalog:ListenForChanges", true), TimeSpan.FromMilliseconds(interval));
    }
}

/// <summary>
/// On PostgreSQL: keeps this instance's catalog and search index in step with the shared store. It listens on
/// <see cref="CatalogChanges.Channel"/> and refreshes as soon as another instance commits a revision; and every
/// Catalog:VersionCheckMilliseconds it compares the store's revision sequence with the one served, which catches a
/// notification that was missed (the listening connection dropped, a pooler in between). A store that does not answer
/// leaves the catalog served as it was.
/// </summary>
internal sealed class CatalogSync(CatalogLoader loader, CatalogStoreSettings settings, ILogger<CatalogSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (settings.ListenForChanges) await ListenAsync(stoppingToken);
                else await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                if (!failing) logger.LogWarning("The shared catalog store does not answer ({Error}); the catalog served stays as it is until it does", error.GetType().Name);
                failing = true;
                try { await Task.Delay(settings.VersionCheckInterval, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {CatalogChanges.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        // Whatever was committed before LISTEN took effect is read here; everything after is notified.
        while (!stoppingToken.IsCancellationRequested)
        {
            await loader.RefreshAsync(stoppingToken);
            await connection.WaitAsync(settings.VersionCheckInterval, stoppingToken);
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.VersionCheckInterval);
        do await loader.RefreshAsync(stoppingToken);
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
