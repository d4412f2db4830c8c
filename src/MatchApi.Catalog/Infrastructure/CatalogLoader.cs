using MatchApi.Catalog.Model;
using MatchApi.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>
/// Brings the database in line with data/ (created when missing, reloaded in one transaction when the files changed,
/// so a broken data file leaves the previous catalog serving), then the search index in line with the database: the
/// index is a derived cache, rebuilt only when it does not hold the catalog version being served.
/// </summary>
public sealed class CatalogLoader(
    Func<CatalogDbContext> createContext,
    CatalogFiles files,
    ISearchEngine searchEngine,
    CatalogStore store,
    ILogger<CatalogLoader> logger)
{
    /// <summary>
    /// The build of the code that shapes the stored catalog (deterministic builds keep this id while the code is
    /// unchanged), so a database written by other code reloads instead of serving records it would read differently.
    /// </summary>
    private static readonly string StorageFormat = typeof(CatalogLoader).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Schemes written per SaveChanges during an import.</summary>
    private const int InsertChunk = 1000;

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
        var hash = files.ContentHash($"format={StorageFormat}");
        var state = await db.State.AsNoTracking().SingleOrDefaultAsync(cancellationToken);

        var (error, imported) = state?.ContentHash == hash ? (null, null) : await TryReplaceAsync(db, hash, cancellationToken);
        if (error is not null)
            logger.LogError("Catalog data in {Directory} was not loaded: {Problems}", files.DataDirectory, error);

        if (imported is not null || state is not null)
        {
            var schemes = imported ?? await db.Schemes.AsNoTracking().ToListAsync(cancellationToken);
            var loaded = imported is not null ? (hash, DateTimeOffset.UtcNow) : (state!.ContentHash, state.LoadedAt);
            if (searchEngine.PublishedVersion != loaded.Item1)
            {
                searchEngine.Publish(loaded.Item1, SearchDocuments.From(schemes));
                logger.LogInformation("Search index built: {Count} schemes", schemes.Count);
            }
            store.Publish(new CatalogSnapshot(schemes, loaded.Item1, loaded.Item2));
            logger.LogInformation("Catalog ready: {Count} schemes, version {Version}", schemes.Count, loaded.Item1[..12]);
        }
        if (error is not null) store.ReportFailure(error);
    }

    private async Task<(string? Error, IReadOnlyList<Scheme>? Imported)> TryReplaceAsync(CatalogDbContext db, string hash, CancellationToken cancellationToken)
    {
        var (schemes, readProblems) = files.Read();
        var (documents, documentProblems) = files.ReadDocuments();
        var problems = readProblems.Concat(documentProblems)
            .Concat(CatalogRules.ValidateDocuments(documents))
            .Concat(CatalogRules.Validate(schemes, documents)).ToList();
        if (schemes.Count == 0) problems.Add($"no scheme records in {files.SchemesDirectory}");
        if (problems.Count > 0) return (string.Join(Environment.NewLine, problems), null);

        CatalogRules.CompleteRelations(schemes);
        CatalogRules.ResolveSources(schemes, documents);
        logger.LogInformation("Catalog files read and checked: {Count} schemes", schemes.Count);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.Schemes.ExecuteDeleteAsync(cancellationToken);
            await db.State.ExecuteDeleteAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            // In chunks, each forgotten once written: tracking 100,000 schemes with their owned budgets and sources at
            // once peaked at 3.5 GB resident. One transaction still, so a failure leaves the previous catalog serving.
            foreach (var chunk in schemes.Chunk(InsertChunk))
            {
                db.Schemes.AddRange(chunk);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            db.State.Add(new CatalogState { ContentHash = hash, LoadedAt = DateTimeOffset.UtcNow, SchemeCount = schemes.Count });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            logger.LogInformation("Catalog reloaded from {Directory}: {Count} schemes", files.DataDirectory, schemes.Count);
            return (null, schemes);
        }
        catch (Exception e) when (e is DbUpdateException or SqliteException or InvalidOperationException)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (e.ToString(), null);
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
