using System.ComponentModel;
using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Catalog.Querying;
using MatchApi.Infrastructure;
using MatchApi.Matchmaking;
using MatchApi.Partners;
using MatchApi.Schemes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MatchApi.Recommendations;

public static class RecommendationsApi
{
    public static RouteGroupBuilder MapRecommendationsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/recommendations", Recommend)
            .LimitConcurrency()
            .WithTags("Matchmaking")
            .WithName("Recommend")
            .WithSummary("Ranked schemes for a developer's profile, with reasons")
            .WithDescription("Hard criteria (stage, applicant, programme running on activeOn) decide eligibility; a scheme failing one is left out unless " +
                             "includeIneligible=true, and then it comes after every eligible scheme. The score (0..1) is the weighted fit over the stated criteria: " +
                             "needs covered (a scheme whose main purpose is the need above one that also serves it), preferred support type, text relevance of query, device-specific ahead of general, size of the funding when funding is a need " +
                             "(weights: docs/matchmaking.md). Each item lists reasons (what fits), unmet (stated criteria not met) and unknown (criteria the sources do not state " +
                             "for the scheme: never counted as unmet, ranked below a confirmed fit). Schemes meeting every stated criterion come before those with an unmet one. " +
                             "A grant cap is quoted for the stated stage. " +
                             $"Paging: limit items per page (1–{RecommendationRequestParser.MaxLimit}), page (1-based); total says how many there are. " +
                             "Codes, Japanese labels and short forms are accepted. Deterministic: ties break by id.")
            .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
            {
                var schema = await context.GetOrCreateSchemaAsync(typeof(RecommendationRequest), null, cancellationToken);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = false,
                    Description = "The developer's profile. Every field is optional; an empty body is an empty profile. " +
                                  "Malformed JSON, a non-JSON Content-Type, a wrong JSON type, an unknown field or code is a 400 naming the field.",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
                };
            });

        api.MapGet("/roadmap", GetRoadmap)
            .LimitConcurrency()
            .WithTags("Matchmaking")
            .WithName("GetRoadmap")
            .WithSummary("What to apply to, stage by stage, up to 事業展開")
            .WithDescription("For an applicant type, the current stage and needs: for the current stage and each later stage up to business_expansion, the best " +
                             "few eligible schemes that state they support that stage (scored as POST /api/v1/recommendations), plus the soft-support desks " +
                             "(consultation, networks, accompaniment) that span stages. Items carry links the catalog knows: " +
                             string.Join(", ", Vocabularies.Relation.Terms.Select(t => t.Code)) + ".")
            .WithQueryParameters(RoadmapParameters.All);
        return api;
    }

    private static async Task<Results<Ok<RecommendationResponse>, ValidationProblem>> Recommend(
        HttpRequest request, CatalogSnapshot catalog, Recommender recommender, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        using var body = await RecommendationRequestParser.ReadAsync(request, errors, cancellationToken);
        if (errors.Any) return Problems.Invalid(errors);
        var (profile, limit, page) = RecommendationRequestParser.Parse(body?.RootElement, errors, JapanCalendar.Today(request.HttpContext));
        if (errors.Any) return Problems.Invalid(errors);

        var result = recommender.Recommend(catalog, profile, limit, page);
        var now = JapanCalendar.Now(request.HttpContext);
        return TypedResults.Ok(new RecommendationResponse(
            result.Items.Select(r => RecommendationItem.From(r, catalog, now)).ToList(),
            result.EligibleCount,
            result.Total,
            page,
            limit,
            ResolvedProfile.From(profile),
            result.MatchMode));
    }

    private static Results<Ok<RoadmapResponse>, ValidationProblem> GetRoadmap(CatalogSnapshot catalog, RoadmapBuilder roadmaps, HttpContext http)
    {
        var errors = new InputErrors();
        var (profile, count) = RoadmapParameters.Parse(http.Request.Query, errors, JapanCalendar.Today(http));
        if (errors.Any) return Problems.Invalid(errors);

        var roadmap = roadmaps.Build(catalog, profile, count);
        var now = JapanCalendar.Now(http);
        var current = roadmap.Stages.FirstOrDefault()?.Stage;
        return TypedResults.Ok(new RoadmapResponse(
            ResolvedProfile.From(profile),
            roadmap.Stages.Select(s => new RoadmapStageDto(
                s.Stage, Vocabularies.Stage.Label(s.Stage), s.Stage == current,
                s.Items.Select(r => RecommendationItem.From(r, catalog, now)).ToList())).ToList(),
            roadmap.Desks.Select(r => RecommendationItem.From(r, catalog, now)).ToList(),
            roadmap.MatchMode));
    }
}
