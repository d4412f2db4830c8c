using MatchApi.Catalog.Querying;
using MatchApi.Infrastructure;
using MatchApi.Matchmaking;
using Microsoft.AspNetCore.OpenApi;

namespace MatchApi.Recommendations;

public static class MatchmakingServices
{
    /// <summary>The recommender (its free text matched by the catalog's search engine) and the roadmap built on it.</summary>
    public static IServiceCollection AddMatchmaking(this IServiceCollection services) => services
        .AddSingleton(sp =>
        {
            var search = sp.GetRequiredService<SchemeSearch>();
            return new Recommender(text => search.MatchText(text));
        })
        .AddSingleton(sp => new RoadmapBuilder(sp.GetRequiredService<Recommender>()))
        .Configure<OpenApiOptions>(OpenApiSetup.DocumentName, options => options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(RecommendationRequest)) RecommendationRequestSchema.Describe(schema);
            return Task.CompletedTask;
        }));
}
