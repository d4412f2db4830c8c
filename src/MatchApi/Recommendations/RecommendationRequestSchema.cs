using MatchApi.Catalog.Model;
using MatchApi.Infrastructure;
using MatchApi.Matchmaking;
using MatchApi.Search.Querying;
using Microsoft.OpenApi;

namespace MatchApi.Recommendations;

/// <summary>
/// The descriptions of the recommendation body's fields that name codes, limits or defaults, written from the same
/// vocabularies and constants <see cref="RecommendationRequestParser"/> checks, into the body's OpenAPI schema.
/// </summary>
internal static class RecommendationRequestSchema
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["stage"] = $"Current development stage: {CodesParameter.Codes(Vocabularies.Stage)}. Codes, labels and short forms are accepted. Hard criterion.",
        ["applicant"] = $"Applicant type: {CodesParameter.Codes(Vocabularies.Applicant)}. Hard criterion.",
        ["needs"] = $"Needs (need vocabulary): {CodesParameter.Codes(Vocabularies.Need)}. An array, or one string (comma-separated lists accepted).",
        ["supportTypes"] = $"Preferred support types: {CodesParameter.Codes(Vocabularies.SupportType)}. An array, or one string.",
        ["query"] = $"Free text: the device, the disease area, the technology (e.g. \"AI 画像診断\", \"小児用\", \"在宅\"). At most {UserQuery.MaxLength} characters.",
        ["limit"] = $"How many items per page, 1–{RecommendationRequestParser.MaxLimit} (as the list's pageSize), default {RecommendationRequestParser.DefaultLimit}.",
        ["deviceDeveloper"] = $"{(Profile.DefaultDeviceDeveloper ? "true" : "false")} (default): the asker develops medical devices, so device-specific schemes (●) rank ahead of general ones (○).",
    };

    public static void Describe(OpenApiSchema schema)
    {
        foreach (var (name, description) in Descriptions)
            if (Property(schema, name) is { } property) property.Description = description;
        if (Property(schema, "query") is { } query) query.MaxLength = UserQuery.MaxLength;
        if (Property(schema, "limit") is { } limit) limit.Default = RecommendationRequestParser.DefaultLimit;
        if (Property(schema, "deviceDeveloper") is { } flag) flag.Default = Profile.DefaultDeviceDeveloper;
    }

    private static OpenApiSchema? Property(OpenApiSchema schema, string name) =>
        schema.Properties is { } properties && properties.TryGetValue(name, out var property) ? property as OpenApiSchema : null;
}
