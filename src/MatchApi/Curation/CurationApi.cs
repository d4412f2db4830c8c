using System.Text.Json;
using System.Text.Json.Nodes;
using MatchApi.Catalog;
using MatchApi.Catalog.Curation;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;
using MatchApi.Infrastructure;
using MatchApi.Partners;
using MatchApi.Schemes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Curation;

/// <summary>
/// Curators keep the catalog current: create, replace, merge-patch, retire and restore schemes (a partner key with the
/// role curator), each write a revision with a change note and guarded by If-Match; anyone reads the history.
/// </summary>
public static class CurationApi
{
    public static RouteGroupBuilder MapCurationApi(this RouteGroupBuilder api)
    {
        var history = api.MapGroup("/schemes").WithTags("Curation");
        history.MapGet("/{id}/record", GetRecord)
            .WithName("GetSchemeRecord")
            .WithSummary("One scheme's curated record, in data/schemes' format")
            .WithDescription("What PUT takes and PATCH merges into: the record as curated (relations one-sided as written, sources as seed file and lines, " +
                             "calls and contacts with their web sources). The strong ETag names the revision; send it back in If-Match. Retired schemes answer too.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(new OwnETagMetadata());
        history.MapGet("/{id}/revisions", ListRevisions)
            .WithName("ListSchemeRevisions")
            .WithSummary("A scheme's history, newest first")
            .WithDescription("Every accepted write and every import from data/: number, catalog sequence, time, curator (partner id, or data/), change note, kind, " +
                             "and an RFC 6902 JSON Patch from the previous revision.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        history.MapGet("/{id}/revisions/{number:int}", GetRevision)
            .WithName("GetSchemeRevision")
            .WithSummary("One revision in full: its history entry and the record as it was")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var writes = api.MapGroup("/schemes").WithTags("Curation").RequirePartnerRole(PartnerRoles.Curator);
        writes.MapPost("/", Create)
            .WithName("CreateScheme")
            .WithSummary("Add a scheme")
            .WithDescription("The body is a record in data/schemes' format (data/scheme.schema.json), optionally with a changeNote member. " +
                             "Checked by the same rules as data/ at load: a 400 names each field and what it accepts. 201 with Location and the strong ETag.")
            .WithMetadata(new CurationWriteMetadata(RequiresIfMatch: false, BodyType: "application/json", BodySchema: typeof(Scheme)))
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        writes.MapPut("/{id}", Replace)
            .WithName("ReplaceScheme")
            .WithSummary("Replace a scheme's record")
            .WithDescription("The whole record (as GET /api/v1/schemes/{id}/record returns it), optionally with changeNote. If-Match with the scheme's current ETag " +
                             "is required (428 without, 412 naming the current revision when it moved on), so two curators never overwrite each other silently. " +
                             "A retired scheme is served again.")
            .WithMetadata(new CurationWriteMetadata(RequiresIfMatch: true, BodyType: "application/json", BodySchema: typeof(Scheme)))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        writes.MapPatch("/{id}", Patch)
            .WithName("PatchScheme")
            .WithSummary("Change part of a scheme's record (JSON Merge Patch, RFC 7396)")
            .WithDescription("application/merge-patch+json: members replace the record's, null removes one (an optional field becomes null), arrays are replaced whole " +
                             "(to add a call, send every call). A changeNote member is the change note, not part of the record. If-Match as for PUT.")
            .WithMetadata(new CurationWriteMetadata(RequiresIfMatch: true, BodyType: CurationRequest.MergePatchType, BodySchema: null))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        writes.MapDelete("/{id}", Retire)
            .WithName("RetireScheme")
            .WithSummary("Retire a scheme")
            .WithDescription("Kept with its history and still answered by id (retired: true), but left out of lists, searches, recommendations and the roadmap. " +
                             "409 while another scheme names it as parent, relation or budget owner. Restoring a revision serves it again. If-Match as for PUT; the change note in X-Change-Note.")
            .WithMetadata(new CurationWriteMetadata(RequiresIfMatch: true, BodyType: null, BodySchema: null))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        writes.MapPost("/{id}/revisions/{number:int}/restore", Restore)
            .WithName("RestoreSchemeRevision")
            .WithSummary("Restore an old revision as a new one")
            .WithDescription("The record of revision {number} becomes the scheme's next revision (a retired scheme is served again); the history keeps everything in between. " +
                             "Checked by the catalog's rules as they are now. If-Match as for PUT; the change note in X-Change-Note.")
            .WithMetadata(new CurationWriteMetadata(RequiresIfMatch: true, BodyType: null, BodySchema: null))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        var curation = api.MapGroup("/curation").WithTags("Curation").RequirePartnerRole(PartnerRoles.Curator, PartnerRoles.Operator);
        curation.MapGet("/conflicts", Conflicts)
            .WithName("ListImportConflicts")
            .WithSummary("data/ files that changed while their schemes were edited through the API")
            .WithDescription("At start, a data/schemes file changed since its last import is imported as a new revision — unless the scheme was also edited through the " +
                             "API since. Then the edit is kept and listed here with what the file says and the JSON Patch the file would apply. Resolve by bringing the " +
                             "file in line (GET /api/v1/curation/export, or the export command) or by writing the file's content through PUT.");
        curation.MapGet("/export", Export)
            .WithName("ExportCatalog")
            .WithSummary("The current catalog in data/'s format, as a zip of schemes/<id>.json")
            .WithDescription("Byte for byte what data/schemes should hold (retired schemes left out): unzip over data/ and commit. The export command " +
                             "(dotnet MatchApi.dll export) writes it into data/ on the server and records that data/ holds it.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");
        return api;
    }

    private static Results<Ok<Scheme>, StatusCodeHttpResult, ProblemHttpResult> GetRecord(string id, CatalogSnapshot catalog, SchemeETags etags, HttpContext http)
    {
        if (!catalog.Curated.TryGetValue(id, out var curated)) return UnknownScheme(id);
        var etag = etags.OfRecord(curated);
        http.Response.Headers.ETag = etag;
        if (HttpCaching.IfNoneMatch(http.Request, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(curated.Record);
    }

    private static async Task<Results<Ok<RevisionList>, ProblemHttpResult>> ListRevisions(string id, CatalogSnapshot catalog, CatalogCurator curator, CancellationToken cancellationToken)
    {
        if (!catalog.Curated.ContainsKey(id)) return UnknownScheme(id);
        var revisions = await curator.RevisionsAsync(id, cancellationToken);
        return TypedResults.Ok(new RevisionList(id, revisions.Select(RevisionSummary.From).ToList()));
    }

    private static async Task<Results<Ok<RevisionDetail>, ProblemHttpResult>> GetRevision(string id, int number, CatalogSnapshot catalog, CatalogCurator curator, CancellationToken cancellationToken)
    {
        if (!catalog.Curated.ContainsKey(id)) return UnknownScheme(id);
        if (await curator.RevisionAsync(id, number, cancellationToken) is not { } revision)
            return Problems.NotFound($"The scheme '{id}' has no revision {number}. GET /api/v1/schemes/{id}/revisions lists them.");
        return TypedResults.Ok(new RevisionDetail(id, RevisionSummary.From(revision), SchemeJson.Read(revision.Json)));
    }

    private static async Task<Results<Created<SchemeDetail>, ValidationProblem, ProblemHttpResult>> Create(HttpContext http, CatalogCurator curator, SchemeETags etags, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var (body, bodyNote) = await CurationRequest.ReadObjectAsync(http.Request, "application/json", errors, cancellationToken);
        if (errors.Any && body is null && errors.ToDictionary().ContainsKey("Content-Type")) return UnsupportedMediaType("application/json");
        var note = CurationRequest.ChangeNote(http.Request, bodyNote, errors);
        var record = body is null ? null : CurationRequest.ToScheme(body, errors);
        if (errors.Any || record is null || note is null) return Problems.Invalid(errors);

        var outcome = await curator.CreateAsync(record, Author(http), note, cancellationToken);
        return Answer(outcome, record.Id, etags, http, (detail, etag) => TypedResults.Created($"/api/v1/schemes/{Uri.EscapeDataString(record.Id)}", detail));
    }

    private static async Task<Results<Ok<SchemeDetail>, ValidationProblem, ProblemHttpResult>> Replace(string id, HttpContext http, CatalogSnapshot catalog, CatalogCurator curator, SchemeETags etags, CancellationToken cancellationToken)
    {
        if (Precondition(id, catalog, etags, http) is { } failed) return failed;
        var errors = new InputErrors();
        var (body, bodyNote) = await CurationRequest.ReadObjectAsync(http.Request, "application/json", errors, cancellationToken);
        if (body is null && errors.ToDictionary().ContainsKey("Content-Type")) return UnsupportedMediaType("application/json");
        var note = CurationRequest.ChangeNote(http.Request, bodyNote, errors);
        var record = body is null ? null : CurationRequest.ToScheme(body, errors);
        return await SaveRevision(id, record, note, errors, http, catalog, curator, etags, cancellationToken);
    }

    private static async Task<Results<Ok<SchemeDetail>, ValidationProblem, ProblemHttpResult>> Patch(string id, HttpContext http, CatalogSnapshot catalog, CatalogCurator curator, SchemeETags etags, CancellationToken cancellationToken)
    {
        if (Precondition(id, catalog, etags, http) is { } failed) return failed;
        var errors = new InputErrors();
        var (patch, bodyNote) = await CurationRequest.ReadObjectAsync(http.Request, CurationRequest.MergePatchType, errors, cancellationToken);
        if (patch is null && errors.ToDictionary().ContainsKey("Content-Type")) return UnsupportedMediaType(CurationRequest.MergePatchType);
        var note = CurationRequest.ChangeNote(http.Request, bodyNote, errors);
        Scheme? record = null;
        if (patch is not null)
        {
            var current = JsonNode.Parse(SchemeJson.Write(catalog.Curated[id].Record));
            if (JsonPatches.MergePatch(current, patch) is JsonObject merged) record = CurationRequest.ToScheme(merged, errors);
        }
        return await SaveRevision(id, record, note, errors, http, catalog, curator, etags, cancellationToken);
    }

    /// <summary>The new revision of a PUT or merge PATCH, once its body and change note were read.</summary>
    private static async Task<Results<Ok<SchemeDetail>, ValidationProblem, ProblemHttpResult>> SaveRevision(string id, Scheme? record, string? note, InputErrors errors,
        HttpContext http, CatalogSnapshot catalog, CatalogCurator curator, SchemeETags etags, CancellationToken cancellationToken)
    {
        if (errors.Any || record is null || note is null) return Problems.Invalid(errors);
        var outcome = await curator.ReplaceAsync(id, catalog.Curated[id].Revision, _ => record, Author(http), note, cancellationToken);
        return Answer(outcome, id, etags, http, (detail, _) => TypedResults.Ok(detail));
    }

    private static async Task<Results<Ok<SchemeDetail>, ValidationProblem, ProblemHttpResult>> Retire(string id, HttpContext http, CatalogSnapshot catalog, CatalogCurator curator, SchemeETags etags, CancellationToken cancellationToken)
    {
        if (Precondition(id, catalog, etags, http) is { } failed) return failed;
        var errors = new InputErrors();
        if (CurationRequest.ChangeNote(http.Request, null, errors) is not { } note) return Problems.Invalid(errors);
        var outcome = await curator.RetireAsync(id, catalog.Curated[id].Revision, Author(http), note, cancellationToken);
        if (outcome is WriteOutcome.Invalid invalid)
            return TypedResults.Problem(
                $"Other schemes still refer to '{id}': {string.Join("; ", invalid.Problems.Take(InputErrors.MaxFields).Select(p => p.ToString()))}. Change them first.",
                statusCode: StatusCodes.Status409Conflict, title: "Scheme still referenced");
        return Answer(outcome, id, etags, http, (detail, _) => TypedResults.Ok(detail));
    }

    private static async Task<Results<Ok<SchemeDetail>, ValidationProblem, ProblemHttpResult>> Restore(string id, int number, HttpContext http, CatalogSnapshot catalog, CatalogCurator curator, SchemeETags etags, CancellationToken cancellationToken)
    {
        if (Precondition(id, catalog, etags, http) is { } failed) return failed;
        var errors = new InputErrors();
        if (CurationRequest.ChangeNote(http.Request, null, errors) is not { } note) return Problems.Invalid(errors);
        if (await curator.RevisionAsync(id, number, cancellationToken) is not { } old)
            return Problems.NotFound($"The scheme '{id}' has no revision {number}. GET /api/v1/schemes/{id}/revisions lists them.");
        var outcome = await curator.RestoreAsync(id, catalog.Curated[id].Revision, old, Author(http), note, cancellationToken);
        return Answer(outcome, id, etags, http, (detail, _) => TypedResults.Ok(detail));
    }

    private static Ok<ConflictList> Conflicts(CatalogStore store, CatalogSnapshot catalog) =>
        TypedResults.Ok(new ConflictList(store.Conflicts.Select(c =>
        {
            var kept = catalog.Curated.TryGetValue(c.SchemeId, out var curated) ? JsonNode.Parse(SchemeJson.Write(curated.Record)) : null;
            var file = c.FileJson is null ? null : JsonNode.Parse(c.FileJson);
            return new ConflictDto(c.SchemeId, c.DetectedAt, c.KeptRevision, c.FileJson is null ? null : SchemeJson.Read(c.FileJson),
                JsonSerializer.SerializeToElement(JsonPatches.Diff(kept, file)),
                c.FileJson is null
                    ? $"data/schemes/{c.SchemeId}.json was deleted, but the scheme was edited through the API since its import: export to restore the file, or retire the scheme."
                    : $"data/schemes/{c.SchemeId}.json changed, but the scheme was edited through the API since its import: export to overwrite the file with revision {c.KeptRevision}, or PUT the file's record.");
        }).ToList()));

    private static FileContentHttpResult Export(CatalogSnapshot catalog, HttpContext http)
    {
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"matchapi-data-r{catalog.Sequence}.zip\"";
        return TypedResults.File(CatalogExport.Zip(catalog), "application/zip");
    }

    /// <summary>428 without If-Match, 404 for an unknown id, 412 naming the current revision when If-Match is not current.</summary>
    private static ProblemHttpResult? Precondition(string id, CatalogSnapshot catalog, SchemeETags etags, HttpContext http)
    {
        if (!catalog.Curated.TryGetValue(id, out var curated)) return UnknownScheme(id);
        var current = etags.Current(catalog, id, JapanCalendar.Now(http));
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return TypedResults.Problem(
                $"Send If-Match with the scheme's current ETag ({current[0]}, from GET /api/v1/schemes/{id} or its /record), so a change made meanwhile is never overwritten.",
                statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required",
                extensions: new Dictionary<string, object?> { ["currentRevision"] = curated.Revision, ["currentETag"] = current[0] });
        if (!SchemeETags.Matches(ifMatch, current)) return Stale(id, curated.Revision, current[0]);
        return null;
    }

    private static ProblemHttpResult Stale(string id, int revision, string etag) =>
        TypedResults.Problem(
            $"The scheme '{id}' is at revision {revision} now, not the one your If-Match names: someone changed it meanwhile. " +
            $"Read it again (GET /api/v1/schemes/{id}; history at /revisions), redo your change on it, and send If-Match: {etag}.",
            statusCode: StatusCodes.Status412PreconditionFailed, title: "Scheme changed meanwhile",
            extensions: new Dictionary<string, object?> { ["currentRevision"] = revision, ["currentETag"] = etag });

    private static Results<TSuccess, ValidationProblem, ProblemHttpResult> Answer<TSuccess>(WriteOutcome outcome, string id, SchemeETags etags, HttpContext http,
        Func<SchemeDetail, string, TSuccess> success) where TSuccess : IResult
    {
        switch (outcome)
        {
            case WriteOutcome.Accepted accepted:
                var scheme = accepted.Catalog.Find(id) ?? accepted.Catalog.FindRetired(id)!;
                var detail = SchemeDetail.From(scheme, accepted.Catalog, JapanCalendar.Now(http));
                var etag = etags.OfDetail(detail);
                http.Response.Headers.ETag = etag;
                return success(detail, etag);
            case WriteOutcome.Invalid invalid:
                var errors = new InputErrors();
                foreach (var problem in invalid.Problems)
                    errors.Add(problem.SchemeId == id ? problem.Field : $"{problem.SchemeId}.{problem.Field}", Sentence(problem.Message), problem.Accepted);
                return Problems.Invalid(errors);
            case WriteOutcome.Stale stale:
                var catalog = http.RequestServices.GetRequiredService<CatalogStore>().Current!;
                return Stale(id, stale.CurrentRevision, etags.Current(catalog, id, JapanCalendar.Now(http)).FirstOrDefault() ?? "");
            case WriteOutcome.Conflict conflict:
                return TypedResults.Problem(conflict.Reason, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
            case WriteOutcome.NotFound:
                return UnknownScheme(id);
            case WriteOutcome.Unavailable unavailable:
                http.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(unavailable.Reason + " Nothing was saved; retry shortly.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Catalog cannot take writes");
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}");
        }
    }

    private static string Sentence(string message) => char.ToUpperInvariant(message[0]) + message[1..] + ".";

    private static string Author(HttpContext http) =>
        http.RequestServices.GetRequiredService<PartnerDirectory>().Resolve(http).PartnerId ?? "unknown";

    private static ProblemHttpResult UnknownScheme(string id) =>
        Problems.NotFound($"No scheme has the id '{InputErrors.Shorten(id)}'. GET /api/v1/schemes lists the ids.");

    private static ProblemHttpResult UnsupportedMediaType(string expected) =>
        TypedResults.Problem($"The body must be {expected} (UTF-8).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
}

/// <summary>A write: whether it needs If-Match, and its body's media type and schema (for the OpenAPI document).</summary>
public sealed record CurationWriteMetadata(bool RequiresIfMatch, string? BodyType, Type? BodySchema);
