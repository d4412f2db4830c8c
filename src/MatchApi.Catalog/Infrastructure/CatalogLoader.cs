using MatchApi.Catalog.Model;
using MatchApi.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>
/// Brings the database in line with data/: creates it when missing, reloads it when the content hash changed,
/// all in one transaction with the search index, so a broken data file leaves the previous catalog serving.
/// </summary>
public sealed class CatalogLoader(
    Func<CatalogDbContext> createContext,
    CatalogFiles files,
    ISearchEngine searchEngine,
    CatalogStore store,
    ILogger<CatalogLoader> logger)
{
    /// <summary>
    /// The builds of the code that shape the stored catalog and index (deterministic builds keep these ids while the code
    /// is unchanged), so a database written by other code reloads instead of serving a stale index.
    /// </summary>
    private static readonly string StorageFormat = string.Join(",",
        new[] { typeof(CatalogLoader), typeof(ISearchEngine) }.Select(t => t.Assembly.ManifestModule.ModuleVersionId));

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = createContext();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (!await HoldsCurrentTablesAsync(db, cancellationToken))
        {
            // Written by code whose tables differ (a field was added): its catalog cannot be read, so start afresh.
            logger.LogWarning("Catalog database was written with other tables; recreating it");
            await db.Database.EnsureDeletedAsync(cancellationToken);
            await db.Database.EnsureCreatedAsync(cancellationToken);
        }
        var hash = files.ContentHash($"format={StorageFormat};analysis={searchEngine.Status.Mode}");
        var state = await db.State.AsNoTracking().SingleOrDefaultAsync(cancellationToken);

        var error = state?.ContentHash == hash ? null : await TryReplaceAsync(db, hash, cancellationToken);
        if (error is not null)
            logger.LogError("Catalog data in {Directory} was not loaded: {Problems}", files.DataDirectory, error);

        if (state is not null || error is null)
        {
            var schemes = await db.Schemes.AsNoTracking().ToListAsync(cancellationToken);
            var loaded = await db.State.AsNoTracking().SingleAsync(cancellationToken);
            store.Publish(new CatalogSnapshot(schemes, loaded.ContentHash, loaded.LoadedAt));
            logger.LogInformation("Catalog ready: {Count} schemes, version {Version}", schemes.Count, loaded.ContentHash[..12]);
        }
        if (error is not null) store.ReportFailure(error);
    }

    private async Task<string?> TryReplaceAsync(CatalogDbContext db, string hash, CancellationToken cancellationToken)
    {
        var (schemes, readProblems) = files.Read();
        var (documents, documentProblems) = files.ReadDocuments();
        var problems = readProblems.Concat(documentProblems)
            .Concat(CatalogRules.ValidateDocuments(documents))
            .Concat(CatalogRules.Validate(schemes, documents)).ToList();
        if (schemes.Count == 0) problems.Add($"no scheme records in {files.SchemesDirectory}");
        if (problems.Count > 0) return string.Join(Environment.NewLine, problems);

        CatalogRules.CompleteRelations(schemes);
        CatalogRules.ResolveSources(schemes, documents);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.Schemes.ExecuteDeleteAsync(cancellationToken);
            await db.State.ExecuteDeleteAsync(cancellationToken);
            db.Schemes.AddRange(schemes);
            db.State.Add(new CatalogState { ContentHash = hash, LoadedAt = DateTimeOffset.UtcNow, SchemeCount = schemes.Count });
            await db.SaveChangesAsync(cancellationToken);
            searchEngine.Rebuild(
                (SqliteConnection)db.Database.GetDbConnection(),
                (SqliteTransaction)transaction.GetDbTransaction(),
                SearchDocuments.From(schemes));
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            logger.LogInformation("Catalog reloaded from {Directory}: {Count} schemes", files.DataDirectory, schemes.Count);
            return null;
        }
        catch (Exception e) when (e is DbUpdateException or SqliteException or InvalidOperationException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return e.ToString();
        }
    }

    /// <summary>Whether every mapped column can be read (a database from before a field was added cannot).</summary>
    private static async Task<bool> HoldsCurrentTablesAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.Schemes.AsNoTracking().OrderBy(s => s.Id).Take(1).ToListAsync(cancellationToken);
            await db.State.AsNoTracking().OrderBy(s => s.Id).Take(1).ToListAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
