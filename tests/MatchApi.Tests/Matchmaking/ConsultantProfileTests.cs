using System.Text.Json;
using MatchApi.Tests.Infrastructure;
using static MatchApi.Tests.Matchmaking.MatchmakingClient;

namespace MatchApi.Tests.Matchmaking;

/// <summary>
/// Profiles a desk consultant would recognise, on the real catalog: what must come first and what must stay out of the top.
/// Expectations come from the seeds (data/seeds): 004/002 for 医工連携グローバル展開事業, 003 for the 2023 overview.
/// activeOn is fixed (FY2026) so the expectations do not drift with the calendar.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ConsultantProfileTests(ReadyApp app)
{
    private const string ActiveOn = "2026-06-01";
    private readonly HttpClient _client = app.Client;

    private async Task<(List<string> Ids, JsonElement Response)> Ask(object profile)
    {
        var response = await RecommendAsync(_client, profile);
        return (Ids(response), response);
    }

    private static void NotInTop(List<string> ids, int n, JsonElement response, params string[] excluded)
    {
        foreach (var id in excluded) Assert.False(ids.Take(n).Contains(id), $"{id} is in the top {n}:\n{Describe(response)}");
    }

    [Fact]
    public async Task Startup_at_non_clinical_needing_funding_and_international_expansion_gets_the_global_expansion_rd_grant_first()
    {
        // 004: 研究開発事業(補助事業) — 国際展開を見据えた医療機器開発を行う中小企業やスタートアップ、「非臨床」「臨床」ステージのみ対象.
        var (ids, response) = await Ask(new { stage = "non_clinical", applicant = "startup", needs = new[] { "funding", "international" }, activeOn = ActiveOn });

        Assert.Equal("global-medtech-expansion-rd", ids[0]);
        Assert.Contains("global-medtech-expansion", ids.Take(3));
        var first = Item(response, "global-medtech-expansion-rd");
        Assert.Equivalent(new[] { "stage_match", "applicant_match", "active", "need_covered", "need_covered", "device_specific", "funding_size" }, Codes(first, "reasons"));
        Assert.Empty(Codes(first, "unmet"));
        Assert.Contains(first.GetProperty("links").EnumerateArray(), l => l.GetProperty("relation").GetString() == "parent" && l.GetProperty("id").GetString() == "global-medtech-expansion");
        // Academic-only grants, the renamed predecessor (ended FY2024) and consulting-only desks are not what this founder asked for.
        NotInTop(ids, 5, response, "kakenhi", "translational-research-program", "medical-engineering-innovation", "pmda-consultation", "japan-healthcare-venture-summit");
        Assert.DoesNotContain("medical-engineering-innovation", ids);
    }

    [Fact]
    public async Task Academic_team_at_basic_research_needing_funding_gets_the_mext_device_seeds_programme_first()
    {
        // 003: 医療機器等研究成果展開事業（文, ●）— アカデミアのシーズ, 大学等委託; 橋渡し研究プログラム シーズA/preF; 科研費 基礎から応用.
        var (ids, response) = await Ask(new { stage = "basic_research", applicant = "academia", needs = new[] { "funding" }, activeOn = ActiveOn });

        Assert.Equal("device-research-deployment", ids[0]);
        Assert.Contains("translational-research-program", ids.Take(4));
        // 001: 革新的先端研究開発支援事業 — 大学等の研究者から提案を募り画期的シーズを創出・育成（基礎的研究）.
        Assert.Contains("innovative-advanced-research", ids.Take(4));
        Assert.Contains("kakenhi", ids.Take(4));
        NotInTop(ids, 10, response, "deep-tech-startup", "policy-finance-investment", "global-medtech-expansion-rd", "japan-healthcare-venture-summit", "who-prequalification");
    }

    [Fact]
    public async Task Company_in_clinical_trials_needing_regulatory_consultation_gets_consulting_desks_with_pmda_near_the_top()
    {
        // 003: PMDA相談業務 — 治験のデザイン, プロトコル相談; 医療機器開発支援ネットワーク — ワンストップ窓口, 規制対応.
        var (ids, response) = await Ask(new { stage = "clinical", applicant = "company", needs = new[] { "regulatory" }, supportTypes = new[] { "soft" }, query = "治験 相談", activeOn = ActiveOn });

        Assert.Equal("pmda-consultation", ids[0]);
        Assert.Contains("device-development-support-network", ids.Take(3));
        NotInTop(ids, 5, response, "kakenhi", "japan-healthcare-business-contest", "japan-healthcare-venture-summit", "who-prequalification", "human-resources-development-subsidy");
        // Startup-only and academia-only schemes are not eligible for a company.
        Assert.DoesNotContain("mediso", ids);
        Assert.DoesNotContain("translational-research-program", ids);
    }

    [Fact]
    public async Task Software_as_a_medical_device_developer_asking_about_pmda_consultation_gets_the_samd_desk_first()
    {
        // 003: ●PMDA医療機器プログラム総合相談（厚）; 医療機器開発推進研究事業 — AI等を活用したプログラム医療機器の薬事承認取得.
        var (ids, response) = await Ask(new { stage = "clinical", applicant = "startup", needs = new[] { "regulatory" }, query = "プログラム医療機器 PMDA 相談", activeOn = ActiveOn });

        Assert.Equal("pmda-samd-consultation", ids[0]);
        Assert.Contains("pmda-consultation", ids.Take(8));
        var first = Item(response, "pmda-samd-consultation");
        Assert.Contains("text_match", Codes(first, "reasons"));
        Assert.Contains("stage_unknown", Codes(first, "unknown"));
        Assert.DoesNotContain("stage_mismatch", Codes(first, "unmet"));
        Assert.Contains(first.GetProperty("links").EnumerateArray(), l => l.GetProperty("relation").GetString() == "parent" && l.GetProperty("id").GetString() == "pmda-consultation");
        NotInTop(ids, 5, response, "kakenhi", "who-prequalification", "international-procurement", "human-resources-development-subsidy");
    }

    [Fact]
    public async Task Company_with_a_product_on_the_market_expanding_to_developing_countries_gets_the_international_schemes()
    {
        // 003 国際展開: 国際機関の調達枠組を活用した…海外展開促進事業, WHO事前認証…途上国向けWHO推奨医療機器要覧掲載推進事業, 開発途上国・新興国等…実用化研究事業.
        var (ids, response) = await Ask(new { stage = "business_expansion", applicant = "company", needs = new[] { "international" }, query = "途上国", activeOn = ActiveOn });

        Assert.Contains(ids[0], new[] { "international-procurement", "who-prequalification", "developing-countries-medical-tech" });
        Assert.Contains("international-procurement", ids.Take(4));
        Assert.Contains("who-prequalification", ids.Take(4));
        NotInTop(ids, 5, response, "kakenhi", "translational-research-program", "device-research-deployment", "deep-tech-startup", "japan-healthcare-venture-summit");
        // Stage-bound R&D grants (非臨床・臨床) are not eligible after market entry.
        Assert.DoesNotContain("global-medtech-expansion-rd", ids);
    }

    [Fact]
    public async Task Startup_at_commercialisation_needing_partners_and_investors_gets_the_venture_matching_events_and_desks()
    {
        // 003: JHVS — パートナリング, ピッチ; InnoHub — ベンチャー相談窓口; JHeC — VC等とのビジネスマッチング; MEDISO.
        var (ids, response) = await Ask(new { stage = "commercialization", applicant = "startup", needs = new[] { "partnering", "funding" }, query = "投資家 マッチング", activeOn = ActiveOn });

        Assert.Equal("japan-healthcare-venture-summit", ids[0]);
        Assert.Contains(ids.Take(8), id => id is "innohub" or "japan-healthcare-business-contest");
        Assert.Contains("mediso", ids.Take(8));
        // Research grants for earlier stages, and the predecessor taken over by 医療機器等研究成果展開事業, stay out.
        NotInTop(ids, 5, response, "kakenhi", "translational-research-program", "device-research-deployment", "global-medtech-expansion-rd");
        Assert.DoesNotContain("medical-research-outcome-deployment", ids);
    }

    [Fact]
    public async Task Sme_with_manufacturing_skills_entering_medical_devices_gets_the_support_network_first()
    {
        // 003: 医療機器開発支援ネットワーク — 79の地域支援機関にワンストップ窓口, 伴走コンサル; 002/004: ものづくり中小企業.
        var (ids, response) = await Ask(new { applicant = "sme", needs = new[] { "partnering", "commercialization" }, query = "ものづくり 医療機器 参入", activeOn = ActiveOn });

        Assert.Equal("device-development-support-network", ids[0]);
        // Startup-only, academia-only and support-organisation-only programmes are not for an SME.
        foreach (var id in new[] { "deep-tech-startup", "kakenhi", "japan-healthcare-venture-summit", "innohub", "mediso", "regional-device-ecosystem", "global-medtech-expansion-hubs" })
            Assert.DoesNotContain(id, ids);
    }

    [Fact]
    public async Task Ended_programme_is_shown_last_with_its_successor_when_ineligible_schemes_are_asked_for()
    {
        var response = await RecommendAsync(_client, new { stage = "non_clinical", applicant = "startup", needs = new[] { "funding" }, activeOn = ActiveOn, includeIneligible = true, limit = 50 });
        var ended = Item(response, "medical-engineering-innovation");
        Assert.False(ended.GetProperty("eligible").GetBoolean());
        var unmet = Assert.Single(ended.GetProperty("unmet").EnumerateArray(), f => f.GetProperty("code").GetString() == "ended");
        Assert.Contains("医工連携グローバル展開事業", unmet.GetProperty("message").GetString());
        Assert.Contains(ended.GetProperty("links").EnumerateArray(), l => l.GetProperty("relation").GetString() == "renamed_to" && l.GetProperty("id").GetString() == "global-medtech-expansion");

        // In FY2023 the predecessor was running and its successor not yet.
        var before = await RecommendAsync(_client, new { stage = "non_clinical", applicant = "startup", needs = new[] { "funding" }, activeOn = "2023-10-01", limit = 50 });
        Assert.DoesNotContain("global-medtech-expansion", Ids(before));
    }

    [Fact]
    public async Task Clinical_stage_company_needing_regulatory_advice_gets_pmda_consultation_above_schemes_that_merely_mention_it()
    {
        // 003: PMDA相談業務 — 開発前相談から治験のデザイン、承認申請まで（1168-1207）: its purpose is regulatory advice, for any
        // developer. MEDIC (伴走コンサル), 医療機器開発推進研究事業 and 難治性疾患実用化研究事業 (grants for trials) also serve it.
        var (ids, response) = await Ask(new { stage = "clinical", applicant = "company", needs = new[] { "regulatory" }, activeOn = ActiveOn });

        Assert.Equal("pmda-consultation", ids[0]);
        var pmda = Item(response, "pmda-consultation");
        Assert.Contains("applicant_match", Codes(pmda, "reasons"));
        Assert.DoesNotContain("applicant_unknown", Codes(pmda, "unknown"));
        foreach (var mentions in new[] { "device-development-support-network", "device-development-research", "intractable-disease-research" })
        {
            Assert.True(ids.IndexOf(mentions) > 0, $"{mentions} is missing or first:\n{Describe(response)}");
            var item = Item(response, mentions);
            Assert.Contains(item.GetProperty("reasons").EnumerateArray(), f =>
                f.GetProperty("code").GetString() == "need_covered" && f.GetProperty("message").GetString()!.Contains("にも対応"));
            Assert.True(pmda.GetProperty("score").GetDouble() > item.GetProperty("score").GetDouble(), Describe(response));
        }
    }

    [Theory]
    [InlineData("hospital")]
    [InlineData("individual")]
    [InlineData("startup")]
    public async Task A_scheme_open_to_every_developer_is_not_penalised_for_listing_no_applicant_types(string applicant)
    {
        var (_, response) = await Ask(new { stage = "clinical", applicant, needs = new[] { "regulatory" }, activeOn = ActiveOn, limit = 100 });
        var pmda = Item(response, "pmda-consultation");
        Assert.Contains("applicant_match", Codes(pmda, "reasons"));
        Assert.DoesNotContain("applicant_unknown", Codes(pmda, "unknown"));

        var listed = await MatchApiFactory.GetJsonAsync(_client, $"/api/v1/schemes?applicant={applicant}&pageSize=100");
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == "pmda-consultation" && s.GetProperty("openToAllApplicants").GetBoolean());
    }

    [Theory]
    [InlineData("non_clinical", "7,000万円", "1億円")]
    [InlineData("clinical", "1億円", "7,000万円")]
    public async Task The_grant_cap_quoted_is_the_one_for_the_clients_stage(string stage, string quoted, string notQuoted)
    {
        // 004: 55-65 — 非臨床 1課題あたり年間7,000万円（上限）、臨床（治験・臨床研究）1億円（上限）.
        var (_, response) = await Ask(new { stage, applicant = "startup", needs = new[] { "funding", "international" }, activeOn = ActiveOn });
        var funding = Assert.Single(Item(response, "global-medtech-expansion-rd").GetProperty("reasons").EnumerateArray(),
            f => f.GetProperty("code").GetString() == "funding_size").GetProperty("message").GetString()!;
        Assert.Contains(quoted, funding);
        Assert.DoesNotContain(notQuoted, funding);
        Assert.Contains(Vocabulary(stage), funding);
    }

    [Fact]
    public async Task Academic_at_clinical_stage_needing_funding_is_quoted_the_seed_c_amount_of_the_translational_programme()
    {
        // 003: 306-310 — シーズC 臨床POC取得を目指す課題 1課題最大100百万円程度.
        var (ids, response) = await Ask(new { stage = "clinical", applicant = "academia", needs = new[] { "funding" }, activeOn = ActiveOn });
        Assert.Contains("translational-research-program", ids.Take(5));
        var funding = Assert.Single(Item(response, "translational-research-program").GetProperty("reasons").EnumerateArray(),
            f => f.GetProperty("code").GetString() == "funding_size").GetProperty("message").GetString()!;
        Assert.Contains("1億円", funding);
        // 臨床研究・治験推進研究事業 (001: 566-567) supports clinical research and investigator-initiated trials.
        Assert.Contains("clinical-research-trial-promotion", ids);
    }

    [Fact]
    public async Task Free_text_gives_partial_credit_for_the_words_a_scheme_has()
    {
        // 004: the R&D grant targets 画像診断 among its themes; it never mentions AI. 003: 医療機器開発推進研究事業 names both.
        var (ids, response) = await Ask(new { stage = "non_clinical", applicant = "startup", query = "AI 画像診断", activeOn = ActiveOn, limit = 50 });

        var partial = Item(response, "global-medtech-expansion-rd");
        Assert.Contains("text_partial_match", Codes(partial, "reasons"));
        var matched = partial.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "text_partial_match").GetProperty("message").GetString();
        Assert.Contains("「画像診断」", matched);
        var missing = partial.GetProperty("unmet").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "text_not_matched").GetProperty("message").GetString();
        Assert.Contains("「AI」", missing);
        Assert.DoesNotContain("画像診断", missing);

        var full = Item(response, "device-development-research");
        Assert.Contains("text_match", Codes(full, "reasons"));
        var none = response.GetProperty("items").EnumerateArray().First(i => Codes(i, "unmet").Contains("text_not_matched") && !Codes(i, "reasons").Contains("text_partial_match"));
        Assert.True(partial.GetProperty("score").GetDouble() > none.GetProperty("score").GetDouble() || ids.IndexOf("global-medtech-expansion-rd") < ids.IndexOf(none.GetProperty("scheme").GetProperty("id").GetString()!));
    }

    private static string Vocabulary(string stage) => stage == "clinical" ? "臨床研究・治験段階" : "非臨床段階";
}
