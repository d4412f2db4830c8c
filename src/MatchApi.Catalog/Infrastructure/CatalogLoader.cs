using System.Text.Json.Nodes;
using MatchApi.Catalog.Curation;
using MatchApi.Catalog.Model;
using MatchApi.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MatchApi.Catalog.Infrastructure;

/// <summary>
/// Brings the database in line with data/ and serves it. The database is created (by the migrations) when missing;
/// a corrupt one is rebuilt from data/ while it holds only what data/ rebuilds, and refused otherwise. data/'s records
/// are imported as revisions: all of them into an empty database, then each file changed since its last import — unless
/// the scheme was also edited through the API since, in which case the edit is kept and the conflict recorded. A broken
/// data file imports nothing and the database's catalog keeps serving. The search index is a derived cache, rebuilt
/// only when it does not hold the catalog version being served; into an empty database, it is built while the records are written.
/// </summary>
public sealed class CatalogLoader(
    Func<CatalogDbContext> createContext,
    CatalogDatabase database,
    CatalogFiles files,
    ISearchEngine searchEngine,
    CatalogStore store,
    ILogger<CatalogLoader> logger)
{
    /// <summary>Bumped when the import's reading of data/ changes, so every file is looked at again.</summary>
    public const string ImportFormat = "import-2";

    /// <exception cref="CatalogDatabaseException">The database is corrupt or gone and holds curated revisions that data/ cannot rebuild.</exception>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!database.IsServer) PrepareDatabase();
        await using var db = createContext();
        await db.Database.MigrateAsync(cancellationToken);
        // Instances starting together import data/ one after the other (the lock ends with the connection).
        if (database.IsServer) await CatalogChanges.LockImportAsync(db, cancellationToken);

        var (documents, documentProblems) = files.ReadDocuments();
        var (error, indexedAhead) = await ImportAsync(db, documents, documentProblems, cancellationToken);
        if (error is not null)
            logger.LogError("Catalog data in {Directory} was not loaded: {Problems}", files.DataDirectory, error);

        var snapshot = indexedAhead is not null ? await indexedAhead : await ReadAsync(db, documents, cancellationToken);
        store.ReportConflicts(await db.Conflicts.AsNoTracking().OrderBy(c => c.SchemeId).ToListAsync(cancellationToken));
        if (store.Conflicts.Count > 0)
            logger.LogWarning("data/ files changed while their schemes were edited through the API; the edits were kept: {Schemes}",
                string.Join(", ", store.Conflicts.Select(c => c.SchemeId)));
        if (snapshot is not null)
        {
            var indexed = indexedAhead is not null && searchEngine.Relabel(IndexedAheadVersion, snapshot.Version);
            if (indexed)
                logger.LogInformation("Search index built while the database was written: {Count} schemes", snapshot.Schemes.Count);
            else if (searchEngine.PublishedVersion != snapshot.Version)
            {
                searchEngine.Publish(snapshot.Version, SearchDocuments.From(snapshot.Schemes));
                logger.LogInformation("Search index built: {Count} schemes", snapshot.Schemes.Count);
                indexed = true;
            }
            // Importing and indexing allocate many times what the catalog keeps: give that back before serving, not
            // whenever the GC next gets round to it (a 100,000-scheme start held 1,260 MiB after it, 835 on a restart).
            if (indexed) GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            store.Publish(snapshot);
            store.ReportDatabaseProblem(null);
            logger.LogInformation("Catalog ready: {Count} schemes, revision {Sequence}", snapshot.Schemes.Count, snapshot.Sequence);
        }
        if (error is not null) store.ReportFailure(error);
    }

    /// <summary>
    /// Serves what the database holds when it moved on from the catalog served (another instance's write): the catalog
    /// and a rebuilt index together. Cheap when nothing changed (one query for the catalog's revision sequence).
    /// </summary>
    /// <returns>True when a newer catalog is now served.</returns>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (store.Current is not { } before) return false;
        CatalogSnapshot? snapshot;
        await using (var db = createContext())
        {
            var latest = await db.Schemes.MaxAsync(r => (long?)r.Sequence, cancellationToken);
            if (latest is null || latest <= before.Sequence) return false;
            snapshot = await ReadAsync(db, before.Documents, cancellationToken);
        }
        if (snapshot is null) return false;
        await store.Publishing.WaitAsync(cancellationToken);
        try
        {
            // This instance's own writes may have moved on while the database was read.
            if (store.Current is not { } served || served.Sequence >= snapshot.Sequence) return false;
            var changed = store.PublishChange(snapshot, searchEngine, logger);
            logger.LogInformation("Catalog revision {Sequence} from the shared store is served ({Count} schemes changed)", snapshot.Sequence, changed);
            return true;
        }
        finally
        {
            store.Publishing.Release();
        }
    }

    /// <summary>The catalog the database holds; null when it holds no scheme yet.</summary>
    public static async Task<CatalogSnapshot?> ReadAsync(CatalogDbContext db, IReadOnlyList<SeedDocument> documents, CancellationToken cancellationToken)
    {
        // Streamed: each record's JSON is parsed as it arrives, instead of every record's text held at once first.
        var curated = new List<CuratedScheme>();
        var sequence = 0L;
        await foreach (var record in db.Schemes.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            curated.Add(new CuratedScheme(SchemeJson.Read(record.Json), record.Revision, record.Retired));
            sequence = Math.Max(sequence, record.Sequence);
        }
        return curated.Count == 0 ? null : new CatalogSnapshot(curated, documents, sequence, DateTimeOffset.UtcNow);
    }

    private void PrepareDatabase()
    {
        switch (database.Check())
        {
            case DatabaseCondition.Missing when database.HoldsCuratedRevisions:
                throw new CatalogDatabaseException(
                    $"The catalog database {database.Path} is missing, but it held revisions written by curators that data/ cannot rebuild " +
                    $"({database.CuratedMarkerPath} says so). Restore the database from a backup. To start afresh from data/ instead, losing those revisions, delete {database.CuratedMarkerPath}.");
            case DatabaseCondition.Missing:
                database.Create();
                break;
            case DatabaseCondition.Corrupt when database.HoldsCuratedRevisions:
                throw new CatalogDatabaseException(
                    $"The catalog database {database.Path} is corrupt (not a SQLite database, or failing its integrity check), and it holds revisions " +
                    $"written by curators that data/ cannot rebuild. Restore it from a backup; nothing was changed. To start afresh from data/ instead, " +
                    $"losing those revisions, move the file away and delete {database.CuratedMarkerPath}.");
            case DatabaseCondition.Corrupt:
                var aside = database.MoveAside();
                logger.LogWarning("The catalog database was corrupt and held only what data/ rebuilds: moved to {Aside}, rebuilding from data/", aside);
                database.Create();
                break;
        }
        if (!database.HoldsCuratedRevisions && IsFromBeforeMigrations())
        {
            // Written by the code before revisions (EnsureCreated, no migration history): it held only data/, so it is rebuilt.
            logger.LogWarning("The catalog database predates revisions; rebuilding it from data/");
            File.Delete(database.Path);
            database.Create();
        }
        database.UseWriteAheadLog();
    }

    private bool IsFromBeforeMigrations()
    {
        using var connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using var tables = new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schemes', '__EFMigrationsHistory')", connection);
        using var schemes = new SqliteCommand("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schemes'", connection);
        return Convert.ToInt32(schemes.ExecuteScalar()) == 1 && Convert.ToInt32(tables.ExecuteScalar()) == 1;
    }

    /// <summary>The version of an index built while the database is written, until the catalog's own version is known.</summary>
    public const string IndexedAheadVersion = "indexed-while-importing";

    /// <summary>
    /// Imports what changed under data/. Returns the problems that stopped it, or null; and, when the database held no
    /// scheme before, the search index being built meanwhile from the records written (published as
    /// <see cref="IndexedAheadVersion"/>), with the catalog it holds at the sequence written: then the database holds
    /// exactly that catalog, which is served without reading it back.
    /// </summary>
    private async Task<(string? Error, Task<CatalogSnapshot>? IndexedAhead)> ImportAsync(CatalogDbContext db, IReadOnlyList<SeedDocument> documents, IReadOnlyList<string> documentProblems, CancellationToken cancellationToken)
    {
        var hash = files.ContentHash(ImportFormat);
        var state = await db.State.SingleOrDefaultAsync(cancellationToken);
        if (state?.ContentHash == hash) return (null, null);

        var (fileSchemes, readProblems) = files.Read();
        var problems = readProblems.Concat(documentProblems).Concat(CatalogRules.ValidateDocuments(documents)).ToList();
        if (fileSchemes.Count == 0) problems.Add($"no scheme records in {files.SchemesDirectory}");
        if (problems.Count > 0) return (string.Join(Environment.NewLine, problems), null);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var records = await db.Schemes.ToDictionaryAsync(r => r.Id, cancellationToken);
        var conflicts = await db.Conflicts.ToDictionaryAsync(c => c.SchemeId, cancellationToken);
        var now = DateTimeOffset.UtcNow;
        // New rows are written in bulk after the tracked changes (the records already in the database and the conflicts).
        var created = new List<SchemeRecord>();
        var revisions = new List<SchemeRevision>();
        // The file's scheme for each record that now holds exactly it, so validating the catalog parses only the others.
        var parsed = new Dictionary<string, Scheme>();

        void Revise(SchemeRecord record, string? previousJson, string kind, string note)
        {
            var revision = new SchemeRevision
            {
                SchemeId = record.Id, Number = record.Revision, CreatedAt = now, Author = RevisionAuthors.DataFiles, Note = note, Kind = kind,
                Patch = previousJson is null ? JsonPatches.Creation(record.Json) : JsonPatches.Diff(JsonNode.Parse(previousJson), JsonNode.Parse(record.Json)).ToJsonString(),
                Json = record.Json, Retired = record.Retired,
            };
            revisions.Add(revision);
        }

        void Conflict(SchemeRecord record, string fileHash, string? fileJson)
        {
            if (conflicts.TryGetValue(record.Id, out var known) && known.FileHash == fileHash && known.KeptRevision == record.Revision) return;
            if (known is not null) db.Conflicts.Remove(known);
            db.Conflicts.Add(conflicts[record.Id] = new ImportConflict { SchemeId = record.Id, DetectedAt = now, FileHash = fileHash, FileJson = fileJson, KeptRevision = record.Revision });
        }

        void Resolved(string id)
        {
            if (conflicts.Remove(id, out var resolved)) db.Conflicts.Remove(resolved);
        }

        foreach (var scheme in fileSchemes)
        {
            var json = SchemeJson.Write(scheme);
            var fileHash = SchemeJson.Hash(json);
            var file = $"data/schemes/{scheme.Id}.json";
            if (!records.TryGetValue(scheme.Id, out var record))
            {
                record = new SchemeRecord { Id = scheme.Id, Revision = 1, Json = json, FileHash = fileHash, FileRevision = 1 };
                created.Add(record);
                records[scheme.Id] = record;
                Revise(record, null, RevisionKinds.Imported, $"{file} imported");
                Resolved(scheme.Id);
                parsed[scheme.Id] = scheme;
            }
            else if (record.FileHash == fileHash)
            {
                Resolved(scheme.Id);
            }
            else if (record.Json == json && !record.Retired)
            {
                (record.FileHash, record.FileRevision) = (fileHash, record.Revision);
                Resolved(scheme.Id);
            }
            else if (record.FileRevision == record.Revision)
            {
                var previous = record.Json;
                (record.Json, record.Retired, record.Revision) = (json, false, record.Revision + 1);
                (record.FileHash, record.FileRevision) = (fileHash, record.Revision);
                Revise(record, previous, RevisionKinds.Imported, $"{file} changed in data/");
                Resolved(scheme.Id);
                parsed[scheme.Id] = scheme;
            }
            else
            {
                Conflict(record, fileHash, json);
            }
        }
        var inFiles = fileSchemes.Select(s => s.Id).ToHashSet();
        foreach (var record in records.Values.Where(r => r.FileHash is not null && !r.Retired && !inFiles.Contains(r.Id)))
        {
            if (record.FileRevision == record.Revision)
            {
                (record.Retired, record.Revision, record.FileHash) = (true, record.Revision + 1, null);
                record.FileRevision = record.Revision; // the file's absence is this revision's state
                Revise(record, record.Json, RevisionKinds.Retired, $"data/schemes/{record.Id}.json removed from data/");
            }
            else Conflict(record, "deleted", null);
        }

        var active = records.Values.Where(r => !r.Retired).Select(r => parsed.GetValueOrDefault(r.Id) ?? SchemeJson.Read(r.Json)).ToList();
        var ruleProblems = CatalogRules.Validate(active, documents);
        if (ruleProblems.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (string.Join(Environment.NewLine, ruleProblems), null);
        }

        var indexedAhead = records.Count == created.Count && conflicts.Count == 0 ? IndexAhead(created, documents) : null;
        try
        {
            var sequence = await WriteAsync();
            return (null, indexedAhead is null ? null : AtSequence(indexedAhead, sequence));
        }
        catch when (indexedAhead is not null)
        {
            // The load fails with the write's error; the build's own (the engine disposed under it as the service stops) is not news.
            _ = indexedAhead.ContinueWith(build => build.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw;
        }

        static async Task<CatalogSnapshot> AtSequence(Task<CatalogSnapshot> indexed, long sequence) => (await indexed).At(sequence, DateTimeOffset.UtcNow);

        // Returns the catalog's revision sequence once written.
        async Task<long> WriteAsync()
        {
            await db.SaveChangesAsync(cancellationToken);
            await BulkInsert.InsertAsync(db, created, cancellationToken);
            await BulkInsert.InsertAsync(db, revisions, cancellationToken);
            // A record's sequence is its latest revision's, known once the revisions are written: one statement for the
            // records behind theirs, not an UPDATE per record, nor a list of their ids (SQLite takes at most 32,766
            // parameters). The tracked records keep the old value; the tracker is cleared below.
            if (revisions.Count > 0)
                await db.Schemes.Where(r => db.Revisions.Any(v => v.SchemeId == r.Id && v.Sequence > r.Sequence)).ExecuteUpdateAsync(set => set.SetProperty(
                    r => r.Sequence, r => db.Revisions.Where(v => v.SchemeId == r.Id).Max(v => v.Sequence)), cancellationToken);
            if (state is null) db.State.Add(new CatalogState { ContentHash = hash, ImportedAt = now });
            else (state.ContentHash, state.ImportedAt) = (hash, now);
            await db.SaveChangesAsync(cancellationToken);
            var sequence = await db.Schemes.MaxAsync(r => (long?)r.Sequence, cancellationToken) ?? 0;
            if (revisions.Count > 0) await CatalogChanges.NotifyAsync(db, sequence, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (revisions.Count > 0) logger.LogInformation("Imported from {Directory}: {Count} revisions", files.DataDirectory, revisions.Count);
            return sequence;
        }
    }

    /// <summary>
    /// Builds the search index of these new records while they are written, from their JSON as the database will hold
    /// it: the import's writing is one core's work and the index build most of two (docs/benchmarks.md, run O: 100,000
    /// schemes ready from an empty database in 97 s; with the build after the write, 153–156 s on the same machine).
    /// </summary>
    /// <remarks>The catalog is read from the records' JSON, as <see cref="ReadAsync"/> reads it from the database, so it is served as it was indexed without being read back.</remarks>
    private Task<CatalogSnapshot> IndexAhead(IReadOnlyList<SchemeRecord> created, IReadOnlyList<SeedDocument> documents) => Task.Run(() =>
    {
        var snapshot = new CatalogSnapshot(created.Select(r => new CuratedScheme(SchemeJson.Read(r.Json), r.Revision, r.Retired)).ToList(), documents, 0, DateTimeOffset.UtcNow);
        searchEngine.Publish(IndexedAheadVersion, SearchDocuments.From(snapshot.Schemes));
        return snapshot;
    });
}
