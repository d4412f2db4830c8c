using System.Net;
using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Matchmaking.MatchmakingClient;

namespace MatchApi.Tests.Matchmaking;

/// <summary>Invalid profiles are a 400 problem+json naming the field and what it accepts; never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class RecommendationValidationTests(ReadyApp app)
{
    private readonly HttpClient _client = app.Client;

    public static TheoryData<string, string, string> InvalidBodies() => new()
    {
        // body, field named in errors, a fragment of what it accepts
        { """{"stage": "preclinical_phase"}""", "stage", "non_clinical (非臨床)" },
        { """{"stage": 3}""", "stage", "A JSON number is not accepted" },
        { """{"stage": ["clinical"]}""", "stage", "one stage value" },
        { """{"applicant": "alien"}""", "applicant", "startup (スタートアップ)" },
        { """{"applicant": {"type": "startup"}}""", "applicant", "A JSON object is not accepted" },
        { """{"needs": ["funding", "money"]}""", "needs", "regulatory (薬事・規制対応)" },
        { """{"needs": 5}""", "needs", "an array of need values" },
        { """{"needs": [true]}""", "needs", "An item of type boolean" },
        { """{"supportTypes": ["gift"]}""", "supportTypes", "funding (資金支援)" },
        { """{"query": 42}""", "query", "A JSON number is not accepted" },
        { """{"activeOn": "2026-13-01"}""", "activeOn", "YYYY-MM-DD" },
        { """{"activeOn": 20260401}""", "activeOn", "YYYY-MM-DD" },
        { """{"limit": 0}""", "limit", "an integer from 1 to 100" },
        { """{"limit": 101}""", "limit", "an integer from 1 to 100" },
        { """{"limit": -3}""", "limit", "an integer from 1 to 100" },
        { """{"limit": 2.5}""", "limit", "an integer from 1 to 100" },
        { """{"limit": "10"}""", "limit", "an integer from 1 to 100" },
        { """{"limit": 1e40}""", "limit", "an integer from 1 to 100" },
        { """{"page": 0}""", "page", "an integer of at least 1" },
        { """{"page": "2"}""", "page", "an integer of at least 1" },
        { """{"page": 1.5}""", "page", "an integer of at least 1" },
        { """{"includeIneligible": "yes"}""", "includeIneligible", "true or false" },
        { """{"deviceDeveloper": 1}""", "deviceDeveloper", "true or false" },
        { """{"stagee": "clinical"}""", "stagee", "Accepted fields: stage, applicant, needs" },
        { """{"stage": """, "body", "Malformed JSON" },
        { """{stage: 'clinical'}""", "body", "Malformed JSON" },
        { """[{"stage": "clinical"}]""", "body", "A JSON array is not accepted" },
        { "\"clinical\"", "body", "a JSON object" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_profile_is_a_400_problem_naming_the_field(string body, string field, string accepted)
    {
        var (status, problem) = await PostAsync(_client, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.Contains(accepted, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_declared_as_something_other_than_JSON_is_a_400_naming_Content_Type(string mediaType)
    {
        var (status, problem) = await PostAsync(_client, """{"stage": "clinical"}""", mediaType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("Content-Type").EnumerateArray()).GetString();
        Assert.Contains("application/json", message);
    }

    [Theory]
    [InlineData("application/vnd.matchapi.profile+json")]
    [InlineData("application/merge-patch+json")]
    public async Task A_JSON_media_type_is_accepted(string mediaType)
    {
        var (status, _) = await PostAsync(_client, """{"stage": "clinical"}""", mediaType);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Invalid_profile_is_served_as_problem_json()
    {
        using var content = new StringContent("""{"stage": "x"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync("/api/v1/recommendations", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_huge_query_is_a_400_with_the_limit()
    {
        var body = "{\"query\": \"" + new string('医', 5_000) + "\"}";
        var (status, problem) = await PostAsync(_client, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("query").EnumerateArray()).GetString();
        Assert.Contains("at most 1000 characters", message);
    }

    [Fact]
    public async Task A_body_over_64_KB_is_a_400_naming_the_body()
    {
        var body = JsonSerializer.Serialize(new { query = new string('a', 100_000) });
        var (status, problem) = await PostAsync(_client, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Several_invalid_fields_are_all_named_at_once()
    {
        var (status, problem) = await PostAsync(_client, """{"stage": "x", "applicant": 1, "needs": ["y"], "limit": 999}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["applicant", "limit", "needs", "stage"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"stage": null, "needs": null, "limit": null}""")]
    public async Task Every_field_is_optional(string body)
    {
        var (status, response) = await PostAsync(_client, body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Math.Min(10, response.GetProperty("eligibleCount").GetInt32()), Items(response).Count);
        Assert.True(Items(response).Count > 0);
    }

    [Fact]
    public async Task Labels_and_short_forms_are_accepted_like_the_list_endpoint()
    {
        var response = await RecommendAsync(_client, new { stage = "治験", applicant = "ベンチャー", needs = new[] { "薬事", "海外進出" }, supportTypes = "ソフト" });
        var profile = response.GetProperty("profile");
        Assert.Equal("clinical", profile.GetProperty("stage").GetString());
        Assert.Equal("startup", profile.GetProperty("applicant").GetString());
        Assert.Equal(["regulatory", "international"], profile.GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["soft"], profile.GetProperty("supportTypes").EnumerateArray().Select(n => n.GetString()));
    }

    [Theory]
    [InlineData("{\"query\": \"\\u0000\"}")]
    [InlineData("{\"query\": \"NEAR(a b) OR * \\\"\\\"\\\"\"}")]
    [InlineData("{\"query\": \"💰👥\"}")]
    [InlineData("{\"query\": \"\\ud800\"}")]
    [InlineData("{\"needs\": [\"\\udfff\"]}")]
    [InlineData("{\"stage\": \"\"}")]
    [InlineData("{\"needs\": []}")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public async Task Hostile_input_never_causes_a_server_error(string body)
    {
        var (status, response) = await PostAsync(_client, body);
        Assert.True((int)status < 500, $"{body} answered {(int)status}: {response}");
    }

    public static TheoryData<string, string, string> InvalidRoadmapQueries() => new()
    {
        { "/api/v1/roadmap?stage=preclinical_phase", "stage", "non_clinical (非臨床)" },
        { "/api/v1/roadmap?applicant=alien", "applicant", "startup" },
        { "/api/v1/roadmap?needs=funding&needs=money", "needs", "regulatory" },
        { "/api/v1/roadmap?supportTypes=gift", "supportTypes", "funding (資金支援)" },
        { "/api/v1/roadmap?activeOn=2026-02-30", "activeOn", "YYYY-MM-DD" },
        { "/api/v1/roadmap?perStage=0", "perStage", "from 1 to 10" },
        { "/api/v1/roadmap?perStage=11", "perStage", "from 1 to 10" },
        { "/api/v1/roadmap?perStage=three", "perStage", "integer" },
        { "/api/v1/roadmap?deviceDeveloper=maybe", "deviceDeveloper", "true or false" },
        { "/api/v1/roadmap?q=" + new string('a', 1001), "q", "at most 1000 characters" },
    };

    [Theory]
    [MemberData(nameof(InvalidRoadmapQueries))]
    public async Task Invalid_roadmap_query_is_a_400_problem_naming_the_parameter(string url, string parameter, string accepted)
    {
        using var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var messages = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()!);
        Assert.Contains(messages, m => m.Contains(accepted, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Both_endpoints_are_documented_with_body_schema_and_400()
    {
        var document = await MatchApiFactory.GetJsonAsync(_client, "/openapi/v1.json");
        var post = document.GetProperty("paths").GetProperty("/api/v1/recommendations").GetProperty("post");
        Assert.Equal("Recommend", post.GetProperty("operationId").GetString());
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("200", out _));
        var schema = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var properties = Resolve(document, schema).GetProperty("properties");
        foreach (var name in new[] { "stage", "applicant", "needs", "supportTypes", "query", "activeOn", "limit", "page", "includeIneligible" })
            Assert.True(properties.TryGetProperty(name, out _), $"request field {name} is not documented");

        var get = document.GetProperty("paths").GetProperty("/api/v1/roadmap").GetProperty("get");
        Assert.Equal("GetRoadmap", get.GetProperty("operationId").GetString());
        Assert.True(get.GetProperty("responses").TryGetProperty("400", out _));
        var parameters = get.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        foreach (var name in new[] { "applicant", "stage", "needs", "supportTypes", "q", "activeOn", "perStage" })
            Assert.True(parameters.ContainsKey(name), $"parameter {name} is not documented");
        Assert.Equal("integer", parameters["perStage"].GetProperty("schema").GetProperty("type").GetString());
    }

    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference)) return schema;
        var name = reference.GetString()!.Split('/').Last();
        return document.GetProperty("components").GetProperty("schemas").GetProperty(name);
    }
}
