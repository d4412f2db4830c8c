using System.Net;
using System.Text;
using System.Text.Json;
using MatchApi.Infrastructure;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Matchmaking.MatchmakingClient;

namespace MatchApi.Tests.Hostile;

/// <summary>
/// A small request cannot buy a large error: a field lists at most a few problems and what it accepts once, a response names
/// at most a dozen fields, so the worst 64 KB body answers a few KB (it answered 9.2 MB).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorAmplificationTests(ReadyApp app)
{
    /// <summary>The bound asserted for every error response below.</summary>
    private const int MaxErrorBytes = 16 * 1024;

    /// <summary>A body just under the 64 KB limit: `{"needs":[1,1,1,…]}`.</summary>
    public static string ManyInvalidItems(string item) =>
        "{\"needs\":[" + string.Join(",", Enumerable.Repeat(item, (64 * 1024 - 20) / (item.Length + 1))) + "]}";

    public static TheoryData<string, string> HostileBodies() => new()
    {
        { ManyInvalidItems("1"), "needs" },
        { ManyInvalidItems("\"x\""), "needs" },
        { ManyInvalidItems("\"" + new string('z', 60) + "\""), "needs" },
        { "{" + string.Join(",", Enumerable.Range(0, 4_000).Select(i => $"\"field{i}\":1")) + "}", "field0" },
        { "{" + string.Join(",", Enumerable.Range(0, 2_400).Select(i => $"\"{new string('k', 14)}{i}\":[]")) + "}", "kkkkkkkkkkkkkk0" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task A_body_full_of_invalid_values_answers_a_bounded_error(string body, string field)
    {
        Assert.True(Encoding.UTF8.GetByteCount(body) <= 64 * 1024);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await app.Client.PostAsync("/api/v1/recommendations", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(text.Length < MaxErrorBytes, $"{text.Length} characters answered {body.Length} bytes");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.EnumerateObject().Count() <= InputErrors.MaxFields);
        Assert.All(errors.EnumerateObject(), e => Assert.True(e.Value.GetArrayLength() <= InputErrors.MaxMessagesPerField + 1));
        Assert.True(errors.TryGetProperty(field, out _), text);
    }

    [Fact]
    public async Task A_field_says_what_it_accepts_once_and_counts_the_problems_it_does_not_list()
    {
        var (status, problem) = await PostAsync(app.Client, ManyInvalidItems("1"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var messages = problem.GetProperty("errors").GetProperty("needs").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Equal(InputErrors.MaxMessagesPerField + 1, messages.Count);
        Assert.Single(messages, m => m.Contains("regulatory (薬事・規制対応)", StringComparison.Ordinal));
        Assert.Contains("An item of type number", messages[0]);
        var total = (64 * 1024 - 20) / 2;
        Assert.Equal($"{total - InputErrors.MaxMessagesPerField} more invalid values in this field, not listed.", messages[^1]);
    }

    [Fact]
    public async Task Fields_beyond_the_limit_are_counted_in_the_detail()
    {
        var body = "{" + string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"field{i}\":1")) + "}";
        var (status, problem) = await PostAsync(app.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(InputErrors.MaxFields, problem.GetProperty("errors").EnumerateObject().Count());
        Assert.Contains($"{40 - InputErrors.MaxFields} more invalid fields are not listed", problem.GetProperty("detail").GetString());
    }

    public static TheoryData<string> HostileQueries() => new()
    {
        "/api/v1/schemes?stage=" + string.Join(",", Enumerable.Repeat("x", 4_000)),
        "/api/v1/schemes?" + string.Join("&", Enumerable.Repeat("ministry=mof", 2_000)),
        "/api/v1/roadmap?" + string.Join("&", Enumerable.Repeat("supportTypes=gift", 2_000)),
        "/api/v1/roadmap?needs=" + string.Join("、", Enumerable.Repeat("お金", 2_000)),
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task A_query_repeating_an_invalid_value_answers_a_bounded_error(string url)
    {
        using var response = await app.Client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(text.Length < MaxErrorBytes, $"{text.Length} characters answered a {url.Length}-character URL");
        var messages = JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Single().Value;
        Assert.Equal(InputErrors.MaxMessagesPerField + 1, messages.GetArrayLength());
    }
}

/// <summary>Memory of the service process itself while anonymous callers post the worst bodies in parallel.</summary>
[Collection(ServiceProcessCollection.Name)]
public sealed class ErrorMemoryTests(ServiceProcess service)
{
    [Fact]
    public async Task Parallel_hostile_bodies_do_not_blow_up_the_process()
    {
        var body = ErrorAmplificationTests.ManyInvalidItems("1");
        async Task<int> PostAsync()
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await service.Client.PostAsync("/api/v1/recommendations", content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        await PostAsync(); // code paths compiled and warmed before measuring
        var before = service.Memory();
        var sizes = new List<int>();
        for (var round = 0; round < 3; round++)
            sizes.AddRange(await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => PostAsync())));
        var after = service.Memory();

        Assert.All(sizes, size => Assert.True(size < 16 * 1024, $"an error of {size} bytes"));
        // 60 parallel posts once took the process from 130 MB to 1.67 GB; the bodies themselves are 4 MB in all.
        var growth = after.Peak - before.Peak;
        Assert.True(growth < 250L * 1024 * 1024, $"peak resident memory grew by {growth / (1024 * 1024)} MB (from {before.Peak / (1024 * 1024)} MB)");
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceProcessCollection : ICollectionFixture<ServiceProcess>
{
    public const string Name = "service-process";
}
