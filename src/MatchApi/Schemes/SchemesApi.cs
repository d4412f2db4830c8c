using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Catalog.Querying;
using MatchApi.Curation;
using MatchApi.Infrastructure;
using MatchApi.Partners;
using MatchApi.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Schemes;

public static class SchemesApi
{
    /// <summary>Why the list is what it is when not every word matched; it never claims a list that is empty.</summary>
    private static string AnyTermNotice(IReadOnlyList<string> unmatchedWords, int total) =>
        (unmatchedWords.Count > 0 ? string.Concat(unmatchedWords.Select(w => $"「{w}」")) + "に一致する制度はありません。" : "") +
        (total > 0 ? "すべての語に一致する制度がなかったため、いずれかの語に一致する制度を関連度順に表示しています。" : "");

    public static RouteGroupBuilder MapSchemesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/schemes").WithTags("Schemes");

        group.MapGet("/", ListSchemes)
            .LimitConcurrency(when: http => !string.IsNullOrWhiteSpace(http.Request.Query["q"]))
            .WithQueryParameters(SchemeListParameters.All)
            .WithName("ListSchemes")
            .WithSummary("Search and filter support schemes")
            .WithDescription("Filters are repeatable (OR within one parameter, AND across parameters) and accept codes, Japanese labels and short forms. " +
                             "Facet counts are computed over the query and every filter except the facet's own. With q, items carry score and highlights, and " +
                             "matchMode says whether all words matched (all_terms) or the search fell back to any word (any_term); notice explains the fallback and names " +
                             "the words no scheme contains; suggestions (「もしかして」) are the query with such a word replaced by a catalog word it was probably meant " +
                             "to be (kana for kanji, a near spelling). " +
                             "What is open: acceptingOn (a call for proposals accepting that day), closesBefore (a deadline ahead, on or before that day), sort=deadline, " +
                             "and the accepting facet (schemes with a call accepting on acceptingOn, or today). Retired schemes are left out.");

        group.MapGet("/{id}", GetScheme)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(new OwnETagMetadata())
            .WithName("GetScheme")
            .WithSummary("One support scheme with every field")
            .WithDescription($"Budgets by fiscal year, grant caps, subsidy rate, eligibility, related schemes ({string.Join(", ", CatalogRules.InverseRelation.Keys)}), " +
                             "children (sub-programmes) and the seed sources (file and line range) of the record; calls for proposals, contacts and the official url with the web " +
                             "pages they were curated from. A retired scheme answers with retired: true. The ETag is strong and names the scheme's revision: send it in If-Match to change the scheme.");

        return group;
    }

    private static Results<Ok<SchemeListResponse>, ValidationProblem> ListSchemes(
        CatalogSnapshot catalog, SchemeSearch search, HttpContext http)
    {
        var errors = new InputErrors();
        var query = SchemeListParameters.Parse(http.Request.Query, errors);
        if (errors.Any) return Problems.Invalid(errors);

        var now = JapanCalendar.Now(http);
        var result = search.Search(catalog, query, now);
        return TypedResults.Ok(new SchemeListResponse(
            result.Items.Select(m => SchemeSummary.From(m.Scheme, catalog, now, m.Score, query.Text is null ? null : m.Highlights)).ToList(),
            result.Total,
            query.Page,
            query.PageSize,
            result.Facets,
            result.MatchMode,
            result.MatchMode == MatchMode.AnyTerm ? AnyTermNotice(result.UnmatchedWords, result.Total) : null,
            result.Suggestions.Count > 0 ? result.Suggestions : null));
    }

    private static Results<Ok<SchemeDetail>, StatusCodeHttpResult, ProblemHttpResult> GetScheme(string id, CatalogSnapshot catalog, SchemeETags etags, HttpContext http)
    {
        if ((catalog.Find(id) ?? catalog.FindRetired(id)) is not { } scheme)
            return Problems.NotFound($"No scheme has the id '{InputErrors.Shorten(id)}'. GET /api/v1/schemes lists the ids.");
        var detail = SchemeDetail.From(scheme, catalog, JapanCalendar.Now(http));
        var etag = etags.OfDetail(detail);
        http.Response.Headers.ETag = etag;
        return HttpCaching.IfNoneMatch(http.Request, etag) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(detail);
    }
}
