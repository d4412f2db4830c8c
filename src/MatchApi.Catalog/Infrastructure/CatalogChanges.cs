using Microsoft.EntityFrameworkCore;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>
/// How instances sharing a PostgreSQL catalog hear of each other's writes: every committed revision sends a notification
/// on <see cref="Channel"/> with the catalog's new revision sequence, inside the write's transaction (PostgreSQL delivers it
/// at commit, never for a write that rolled back). On SQLite (one instance) there is no one to tell.
/// </summary>
public static class CatalogChanges
{
    public const string Channel = "matchapi_catalog";

    /// <summary>An arbitrary constant: the advisory lock under which one instance at a time imports data/.</summary>
    private const long ImportLock = 0x4D61_7463_6841_7069;

    public static async Task NotifyAsync(CatalogDbContext db, long sequence, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql()) return;
        await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)})", cancellationToken);
    }

    /// <summary>Holds PostgreSQL's session lock for importing data/ until the context's connection closes.</summary>
    public static async Task LockImportAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({ImportLock})", cancellationToken);
    }
}
