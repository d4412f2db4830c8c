using MatchApi.Catalog.Infrastructure;
using MatchApi.Infrastructure;
using Npgsql;

namespace MatchApi.Deployment;

public enum CatalogStoreKind { Sqlite, Postgres }

/// <summary>
/// Where the catalog is kept (Catalog:Store with ConnectionStrings:Catalog) and, on PostgreSQL, how an instance hears of
/// other instances' writes (<see cref="CatalogOptions.ListenForChanges"/>, <see cref="CatalogOptions.VersionCheckMilliseconds"/>).
/// </summary>
public sealed record CatalogStoreSettings(CatalogStoreKind Kind, string ConnectionString, bool ListenForChanges, TimeSpan VersionCheckInterval)
{
    /// <param name="options">Validated (<see cref="CatalogOptionsValidator"/>).</param>
    public static CatalogStoreSettings From(CatalogOptions options, string? connectionString)
    {
        var kind = CatalogOptions.IsPostgres(options.Store) ? CatalogStoreKind.Postgres : CatalogStoreKind.Sqlite;
        if (kind == CatalogStoreKind.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "Catalog:Store=postgres needs ConnectionStrings:Catalog, a PostgreSQL connection string, e.g. Host=db;Database=matchapi;Username=matchapi;Password=….");
        return new(kind, connectionString ?? "Data Source=matchapi.db", options.ListenForChanges, TimeSpan.FromMilliseconds(options.VersionCheckMilliseconds));
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
