using System.Net;
using System.Text.Json;
using MatchApi.Catalog.Querying;
using MatchApi.Infrastructure;
using MatchApi.Recommendations;
using MatchApi.Schemes;
using MatchApi.Search.Querying;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Catalog;

/// <summary>
/// The query parameters are described once (SchemeListParameters, RoadmapParameters): the document must say what the
/// descriptors say, and the endpoints must accept and refuse what the descriptors say.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiParameterTests(ReadyApp app)
{
    private static readonly Dictionary<string, IReadOnlyList<QueryParameter>> Described = new()
    {
        ["/api/v1/schemes"] = SchemeListParameters.All,
        ["/api/v1/feeds/changes.atom"] = SchemeListParameters.All,
        ["/api/v1/feeds/deadlines.ics"] = SchemeListParameters.All,
        ["/api/v1/roadmap"] = RoadmapParameters.All,
    };

    public static TheoryData<string> Paths => [.. Described.Keys];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task The_document_lists_each_query_parameter_as_described(string path)
    {
        var document = await MatchApiFactory.GetJsonAsync(app.Client, "/openapi/v1.json");
        var documented = document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Where(p => p.GetProperty("in").GetString() == "query")
            .ToList();
        var described = Described[path];
        Assert.Equal(described.Select(d => d.Name), documented.Select(p => p.GetProperty("name").GetString()));

        foreach (var (parameter, entry) in described.Zip(documented))
        {
            Assert.Equal(parameter.Description, entry.GetProperty("description").GetString());
            var schema = entry.GetProperty("schema");
            switch (parameter)
            {
                case IntegerParameter integer:
                    Assert.Equal("integer", Type(schema));
                    Assert.Equal(integer.Min, schema.GetProperty("minimum").GetInt32());
                    Assert.Equal(integer.Default, schema.GetProperty("default").GetInt32());
                    if (integer.Max == int.MaxValue) Assert.False(schema.TryGetProperty("maximum", out _));
                    else Assert.Equal(integer.Max, schema.GetProperty("maximum").GetInt32());
                    break;
                case ChoiceParameter<SchemeSort> choice:
                    Assert.Equal(choice.Values, schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
                    foreach (var value in choice.Values) Assert.Contains(value, parameter.Description);
                    break;
                case TextParameter:
                    Assert.Equal("string", Type(schema));
                    Assert.Equal(UserQuery.MaxLength, schema.GetProperty("maxLength").GetInt32());
                    Assert.Contains(UserQuery.MaxLength.ToString(), parameter.Description);
                    break;
                case CodesParameter codes:
                    Assert.Equal("array", Type(schema));
                    foreach (var term in codes.Vocabulary.Terms) Assert.Contains($"{term.Code} {term.Label}", parameter.Description);
                    break;
                case CodeParameter:
                    Assert.Equal("string", Type(schema));
                    break;
                case DateParameter:
                    Assert.Equal("date", schema.GetProperty("format").GetString());
                    break;
                case FlagParameter flag:
                    Assert.Equal("boolean", Type(schema));
                    Assert.Equal(flag.Default, schema.GetProperty("default").GetBoolean());
                    break;
                case BooleanParameter:
                    Assert.Equal("boolean", Type(schema));
                    break;
                default:
                    Assert.Fail($"{parameter.Name}: no check for {parameter.GetType().Name}");
                    break;
            }
        }
    }

    [Fact]
    public async Task The_recommendation_body_is_documented_with_the_parser_limits()
    {
        var document = await MatchApiFactory.GetJsonAsync(app.Client, "/openapi/v1.json");
        var schema = document.GetProperty("paths").GetProperty("/api/v1/recommendations").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        var properties = schema.GetProperty("properties");

        var limit = properties.GetProperty("limit");
        Assert.Equal(RecommendationRequestParser.MaxLimit, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(RecommendationRequestParser.DefaultLimit, limit.GetProperty("default").GetInt32());
        Assert.Equal(UserQuery.MaxLength, properties.GetProperty("query").GetProperty("maxLength").GetInt32());
        Assert.Equal(MatchApi.Matchmaking.Profile.DefaultDeviceDeveloper, properties.GetProperty("deviceDeveloper").GetProperty("default").GetBoolean());
        foreach (var term in MatchApi.Catalog.Model.Vocabularies.Need.Terms)
            Assert.Contains(term.Code, properties.GetProperty("needs").GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_list_accepts_and_refuses_what_its_descriptors_say()
    {
        var pageSize = SchemeListParameters.PageSize;
        Assert.Equal(HttpStatusCode.OK, await Status($"/api/v1/schemes?pageSize={pageSize.Max}"));
        await AssertRefused($"/api/v1/schemes?pageSize={pageSize.Max + 1}", "pageSize", $"an integer from {pageSize.Min} to {pageSize.Max}");
        await AssertRefused($"/api/v1/schemes?page={SchemeListParameters.Page.Min - 1}", "page", "");
        foreach (var value in SchemeListParameters.Sort.Values)
            Assert.Equal(HttpStatusCode.OK, await Status($"/api/v1/schemes?sort={value}"));
        await AssertRefused("/api/v1/schemes?sort=popular", "sort", string.Join(", ", SchemeListParameters.Sort.Values));
        await AssertRefused($"/api/v1/schemes?q={new string('a', UserQuery.MaxLength + 1)}", "q", $"at most {UserQuery.MaxLength} characters");
    }

    [Fact]
    public async Task The_roadmap_accepts_and_refuses_what_its_descriptors_say()
    {
        var perStage = RoadmapParameters.PerStage;
        Assert.Equal(HttpStatusCode.OK, await Status($"/api/v1/roadmap?perStage={perStage.Max}"));
        await AssertRefused($"/api/v1/roadmap?perStage={perStage.Max + 1}", "perStage", $"an integer from {perStage.Min} to {perStage.Max}");
        await AssertRefused("/api/v1/roadmap?deviceDeveloper=maybe", "deviceDeveloper", "true or false");
    }

    private static string? Type(JsonElement schema) => schema.GetProperty("type").GetString();

    private async Task<HttpStatusCode> Status(string url)
    {
        using var response = await app.Client.GetAsync(url);
        return response.StatusCode;
    }

    private async Task AssertRefused(string url, string parameter, string accepted)
    {
        using var response = await app.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        var messages = errors.GetProperty(parameter).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains(messages, m => m!.Contains(accepted));
    }
}
