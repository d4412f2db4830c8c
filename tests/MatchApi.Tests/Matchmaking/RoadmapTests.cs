using System.Text.Json;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Matchmaking;

/// <summary>GET /api/v1/roadmap: from the current stage to 事業展開, what to apply to next, and the desks alongside.</summary>
[Collection(ApiCollection.Name)]
public sealed class RoadmapTests(ReadyApp app)
{
    private readonly HttpClient _client = app.Client;

    private static List<string> Ids(JsonElement items) =>
        items.EnumerateArray().Select(i => i.GetProperty("scheme").GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task Roadmap_runs_from_the_current_stage_to_business_expansion_with_only_eligible_schemes_of_each_stage()
    {
        var roadmap = await MatchApiFactory.GetJsonAsync(_client,
            "/api/v1/roadmap?applicant=startup&stage=non_clinical&needs=funding&needs=international&activeOn=2026-04-01");

        var stages = roadmap.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(["non_clinical", "clinical", "commercialization", "business_expansion"], stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.True(stages[0].GetProperty("current").GetBoolean());
        Assert.Equal("非臨床", stages[0].GetProperty("label").GetString());
        foreach (var stage in stages)
        {
            var code = stage.GetProperty("stage").GetString()!;
            Assert.InRange(stage.GetProperty("items").GetArrayLength(), 0, 3);
            foreach (var item in stage.GetProperty("items").EnumerateArray())
            {
                Assert.True(item.GetProperty("eligible").GetBoolean());
                Assert.Contains(code, item.GetProperty("scheme").GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
                Assert.Contains("stage_match", item.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()));
            }
        }
    }

    [Fact]
    public async Task Default_roadmap_starts_at_basic_research()
    {
        var roadmap = await MatchApiFactory.GetJsonAsync(_client, "/api/v1/roadmap");
        Assert.Equal(6, roadmap.GetProperty("stages").GetArrayLength());
        Assert.Equal("basic_research", roadmap.GetProperty("stages")[0].GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Desks_are_soft_support_only_and_not_repeated_in_the_stages()
    {
        var roadmap = await MatchApiFactory.GetJsonAsync(_client, "/api/v1/roadmap?applicant=startup&stage=applied_research&activeOn=2026-04-01&perStage=10");
        var desks = roadmap.GetProperty("desks").EnumerateArray().ToList();
        Assert.NotEmpty(desks);
        foreach (var desk in desks)
        {
            var types = desk.GetProperty("scheme").GetProperty("supportTypes").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.Equal(["soft"], types);
            Assert.True(desk.GetProperty("eligible").GetBoolean());
        }
        var inStages = roadmap.GetProperty("stages").EnumerateArray().SelectMany(s => Ids(s.GetProperty("items"))).ToHashSet();
        Assert.DoesNotContain(Ids(roadmap.GetProperty("desks")), inStages.Contains);
    }

    [Fact]
    public async Task Startup_roadmap_puts_the_global_expansion_grant_on_non_clinical_and_clinical_and_lists_the_desks()
    {
        var roadmap = await MatchApiFactory.GetJsonAsync(_client,
            "/api/v1/roadmap?applicant=startup&stage=non_clinical&needs=funding,international&activeOn=2026-06-01");
        var stages = roadmap.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => Ids(s.GetProperty("items")));

        Assert.Equal("global-medtech-expansion-rd", stages["non_clinical"][0]);
        Assert.Equal("global-medtech-expansion-rd", stages["clinical"][0]);
        var rd = roadmap.GetProperty("stages")[0].GetProperty("items")[0];
        Assert.Contains(rd.GetProperty("links").EnumerateArray(), l => l.GetProperty("relation").GetString() == "parent" && l.GetProperty("id").GetString() == "global-medtech-expansion");
        // MEDISO spans 応用研究〜実用化 for startups (003: 研究開発から上市に至るまでの各段階で).
        Assert.Contains("mediso", Ids(roadmap.GetProperty("desks")));
    }

    [Fact]
    public async Task Company_roadmap_lists_the_support_network_as_a_desk_and_reaches_business_expansion()
    {
        var roadmap = await MatchApiFactory.GetJsonAsync(_client, "/api/v1/roadmap?applicant=company&stage=clinical&needs=regulatory&needs=international&activeOn=2026-06-01");
        Assert.Contains("device-development-support-network", Ids(roadmap.GetProperty("desks")));
        var expansion = roadmap.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "business_expansion");
        Assert.Contains(Ids(expansion.GetProperty("items")), id => id is "who-prequalification" or "international-procurement");
    }
}
