using System.Text.Json.Nodes;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;
using MatchApi.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MatchApi.Catalog.Curation;

/// <summary>What became of a write.</summary>
public abstract record WriteOutcome
{
    /// <summary>Committed (durably, before this is returned), served and searchable.</summary>
    public sealed record Accepted(CatalogSnapshot Catalog, SchemeRevision Revision) : WriteOutcome;

    /// <summary>The catalog's rules refuse the result; nothing was written.</summary>
    public sealed record Invalid(IReadOnlyList<CatalogProblem> Problems) : WriteOutcome;

    public sealed record NotFound : WriteOutcome;

    /// <summary>The scheme moved on from the revision the caller edited.</summary>
    public sealed record Stale(int CurrentRevision) : WriteOutcome;

    /// <summary>The write does not fit the scheme's state (an id already taken, a scheme already retired).</summary>
    public sealed record Conflict(string Reason) : WriteOutcome;

    /// <summary>The database cannot take writes now (deleted, being rebuilt).</summary>
    public sealed record Unavailable(string Reason) : WriteOutcome;
}

/// <summary>
/// The one way the catalog changes through the API: each write is checked by the catalog's rules, committed as a
/// revision (with a JSON Patch from the previous one) in one transaction, then published to the served catalog and the
/// search index together, so an accepted edit is listed and searchable when the answer is sent. Writes run one at a
/// time; the revision number is also the database's concurrency token, so a write based on a revision that moved on
/// (here or in another instance) is refused, never applied over the other.
/// </summary>
public sealed class CatalogCurator(
    Func<CatalogDbContext> createContext,
    CatalogDatabase database,
    CatalogStore store,
    ISearchEngine searchEngine,
    ILogger<CatalogCurator> logger)
{
    public Task<WriteOutcome> CreateAsync(Scheme record, string author, string note, CancellationToken cancellationToken) =>
        WriteAsync(record.Id, expectedRevision: null, _ => (record, false), RevisionKinds.Created, author, note, cancellationToken);

    /// <param name="change">The new record from the current one (PUT's body, or the current record merge-patched).</param>
    public Task<WriteOutcome> ReplaceAsync(string id, int expectedRevision, Func<CuratedScheme, Scheme> change, string author, string note, CancellationToken cancellationToken) =>
        WriteAsync(id, expectedRevision, current => (change(current!), false), RevisionKinds.Updated, author, note, cancellationToken);

    public Task<WriteOutcome> RetireAsync(string id, int expectedRevision, string author, string note, CancellationToken cancellationToken) =>
        WriteAsync(id, expectedRevision, current => (current!.Record, true), RevisionKinds.Retired, author, note, cancellationToken);

    public Task<WriteOutcome> RestoreAsync(string id, int expectedRevision, SchemeRevision old, string author, string note, CancellationToken cancellationToken) =>
        WriteAsync(id, expectedRevision, _ => (SchemeJson.Read(old.Json), false), RevisionKinds.Restored, author, note, cancellationToken);

    /// <summary>The scheme's revisions, newest first.</summary>
    public async Task<IReadOnlyList<SchemeRevision>> RevisionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        return await db.Revisions.AsNoTracking().Where(r => r.SchemeId == id).OrderByDescending(r => r.Number).ToListAsync(cancellationToken);
    }

    /// <summary>The newest revisions of these schemes, newest first.</summary>
    public async Task<IReadOnlyList<SchemeRevision>> RecentRevisionsAsync(IReadOnlySet<string> ids, int count, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        var wanted = ids.ToList();
        return await db.Revisions.AsNoTracking().Where(r => wanted.Contains(r.SchemeId)).OrderByDescending(r => r.Sequence).Take(count).ToListAsync(cancellationToken);
    }

    public async Task<SchemeRevision?> RevisionAsync(string id, int number, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        return await db.Revisions.AsNoTracking().SingleOrDefaultAsync(r => r.SchemeId == id && r.Number == number, cancellationToken);
    }

    private async Task<WriteOutcome> WriteAsync(string id, int? expectedRevision, Func<CuratedScheme?, (Scheme Record, bool Retired)> change,
        string kind, string author, string note, CancellationToken cancellationToken)
    {
        await store.Publishing.WaitAsync(cancellationToken);
        try
        {
            if (store.DatabaseProblem is { } problem) return new WriteOutcome.Unavailable(problem);
            if (store.Current is not { } catalog) return new WriteOutcome.Unavailable("The catalog is still loading.");
            var current = catalog.Curated.GetValueOrDefault(id);
            if (expectedRevision is null && current is not null)
                return new WriteOutcome.Conflict(current.Retired
                    ? $"The id '{id}' belongs to a retired scheme; restore one of its revisions (POST /api/v1/schemes/{id}/revisions/{{n}}/restore) instead."
                    : $"The id '{id}' is taken; PUT or PATCH /api/v1/schemes/{id} changes that scheme.");
            if (expectedRevision is not null && current is null) return new WriteOutcome.NotFound();
            if (current is not null && current.Revision != expectedRevision) return new WriteOutcome.Stale(current.Revision);
            if (kind == RevisionKinds.Retired && current!.Retired) return new WriteOutcome.Conflict($"The scheme '{id}' is already retired.");

            var (record, retired) = change(current);
            if (record.Id != id) return new WriteOutcome.Invalid([new CatalogProblem(id, "id", $"the body's id '{record.Id}' is not the scheme's id '{id}'", "the id in the URL")]);
            var served = catalog.Curated.Values.Where(c => c.Record.Id != id && !c.Retired).Select(c => c.Record)
                .Concat(retired ? [] : [record]).ToList();
            var problems = CatalogRules.Check(served, catalog.Documents);
            if (problems.Count > 0) return new WriteOutcome.Invalid(problems);

            var json = SchemeJson.Write(record);
            if (current is not null && current.Retired == retired && SchemeJson.Write(current.Record) == json && kind != RevisionKinds.Restored)
                return new WriteOutcome.Conflict("The write changes nothing: the record is already so.");

            SchemeRevision revision;
            try
            {
                revision = await CommitAsync(id, current, json, retired, kind, author, note, cancellationToken);
            }
            catch (Exception e) when (e is DbUpdateConcurrencyException || e is DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } })
            {
                // On a shared PostgreSQL store another instance may have written this revision number first: stale as well.
                await using var db = createContext();
                var now = await db.Schemes.AsNoTracking().SingleAsync(s => s.Id == id, cancellationToken);
                return new WriteOutcome.Stale(now.Revision);
            }
            catch (Exception e) when (e is SqliteException or DbUpdateException && !database.Exists)
            {
                logger.LogError(e, "A curator's write failed: the catalog database is gone");
                store.ReportDatabaseProblem("The catalog database file is missing.");
                return new WriteOutcome.Unavailable("The catalog database is missing; the write was not saved.");
            }

            // Revisions that other instances committed after the served catalog are not in it: then it is read again, with them.
            var next = revision.Sequence == catalog.Sequence + 1
                ? new CatalogSnapshot(
                    catalog.Curated.Values.Where(c => c.Record.Id != id).Append(new CuratedScheme(SchemeJson.Read(json), revision.Number, retired)).ToList(),
                    catalog.Documents, revision.Sequence, DateTimeOffset.UtcNow)
                : await ReadCatalogAsync(catalog.Documents, cancellationToken);
            store.PublishChange(next, searchEngine, logger);
            logger.LogInformation("Scheme {Scheme} {Kind} by {Author}: revision {Revision} (catalog revision {Sequence})", id, kind, author, revision.Number, revision.Sequence);
            return new WriteOutcome.Accepted(next, revision);
        }
        finally
        {
            store.Publishing.Release();
        }
    }

    private async Task<CatalogSnapshot> ReadCatalogAsync(IReadOnlyList<SeedDocument> documents, CancellationToken cancellationToken)
    {
        await using var db = createContext();
        return await CatalogLoader.ReadAsync(db, documents, cancellationToken)
            ?? throw new InvalidOperationException("The catalog database holds no scheme right after a write.");
    }

    private async Task<SchemeRevision> CommitAsync(string id, CuratedScheme? current, string json, bool retired, string kind, string author, string note, CancellationToken cancellationToken)
    {
        if (!database.Exists) throw new SqliteException("The catalog database file is missing.", 14);
        // Before the first curated revision commits: from here on data/ cannot rebuild this database.
        database.MarkCurated();
        await using var db = createContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var head = current is null ? null : await db.Schemes.SingleAsync(s => s.Id == id, cancellationToken);
        if (head is null) db.Schemes.Add(head = new SchemeRecord { Id = id, Json = json, Revision = 1 });
        else
        {
            // The concurrency token: the UPDATE matches only the revision this write started from.
            db.Entry(head).Property(s => s.Revision).OriginalValue = current!.Revision;
            head.Revision = current.Revision + 1;
        }
        var previous = current is null ? null : JsonNode.Parse(SchemeJson.Write(current.Record));
        (head.Json, head.Retired) = (json, retired);
        var revision = new SchemeRevision
        {
            SchemeId = id, Number = head.Revision, CreatedAt = DateTimeOffset.UtcNow, Author = author, Note = note, Kind = kind,
            Patch = JsonPatches.Diff(previous, JsonNode.Parse(json)).ToJsonString(), Json = json, Retired = retired,
        };
        db.Revisions.Add(revision);
        await db.SaveChangesAsync(cancellationToken);
        head.Sequence = revision.Sequence;
        db.Entry(head).Property(s => s.Revision).OriginalValue = head.Revision;
        await db.SaveChangesAsync(cancellationToken);
        await CatalogChanges.NotifyAsync(db, revision.Sequence, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return revision;
    }
}
