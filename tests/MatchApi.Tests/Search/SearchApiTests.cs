using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Search;

/// <summary>GET /api/v1/schemes?q= through the real pipeline: the query language, fallback, highlights and q with filters.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class SearchApiTests(ReadyApp app)
{
    private Task<JsonElement> Get(string url) => MatchApiFactory.GetJsonAsync(app.Client, url);

    private static List<string> Ids(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    private async Task<JsonElement> Search(string q, string extra = "") =>
        await Get($"/api/v1/schemes?q={Uri.EscapeDataString(q)}&pageSize=50{extra}");

    [Theory]
    [InlineData("ＡＭＥＤ", "AMED")]
    [InlineData("ｸﾞﾛｰﾊﾞﾙ展開", "グローバル展開")]
    [InlineData("ＭＥＤＩＳＯ", "mediso")]
    [InlineData("ジャパンヘルスケアビジネスコンテスト", "ジャパン・ヘルスケアビジネスコンテスト")]
    [InlineData("ヘルスケアー", "ヘルスケア")]
    public async Task Width_case_and_spelling_variants_find_the_same_schemes(string variant, string canonical)
    {
        var expected = Ids(await Search(canonical)).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Ids(await Search(variant)).Order());
    }

    [Fact]
    public async Task An_old_programme_name_finds_its_record_first_and_its_successor_too()
    {
        var ids = Ids(await Search("医工連携イノベーション推進事業"));
        Assert.Equal("medical-engineering-innovation", ids[0]);
        Assert.Contains("global-medtech-expansion", ids.Take(3));

        var predecessor = Ids(await Search("医療分野研究成果展開事業"));
        Assert.Equal("medical-research-outcome-deployment", predecessor[0]);
        Assert.Contains("device-research-deployment", predecessor.Take(3));
    }

    [Fact]
    public async Task Every_word_must_match_and_when_none_matches_all_the_search_says_it_fell_back()
    {
        var all = await Search("MEDISO 相談");
        Assert.Equal("all_terms", all.GetProperty("matchMode").GetString());
        Assert.False(all.TryGetProperty("notice", out _));

        var fallback = await Search("MEDISO 宇宙ロケット");
        Assert.Equal("any_term", fallback.GetProperty("matchMode").GetString());
        Assert.Contains("宇宙ロケット", fallback.GetProperty("notice").GetString());
        Assert.Equal("mediso", Ids(fallback)[0]);
    }

    [Theory]
    [InlineData("1,024百万円", "device-research-deployment")] // 令和5年度予算額, not the latest of its budgets (seed 003 line 187)
    [InlineData("1,072百万円", "device-research-deployment")]
    [InlineData("79,867千円", "international-procurement")] // exact to the thousand yen (seed 003)
    [InlineData("297,777千円", "developing-countries-medical-tech")]
    public async Task Any_budget_of_a_scheme_typed_as_its_source_writes_it_finds_the_scheme(string amount, string expected)
    {
        var body = await Search(amount);
        Assert.Equal("all_terms", body.GetProperty("matchMode").GetString());
        Assert.Equal([expected], Ids(body));
    }

    [Fact]
    public async Task An_amount_with_a_bound_finds_the_schemes_whose_grant_per_project_is_inside_it()
    {
        var ids = Ids(await Search("1億円以上の補助金"));
        Assert.Contains("global-medtech-expansion-rd", ids); // 臨床 1億円 per project (seed 004 lines 61-65)
        foreach (var id in ids)
        {
            var scheme = await Get($"/api/v1/schemes/{id}");
            Assert.Contains(scheme.GetProperty("grantCaps").EnumerateArray(), c => c.GetProperty("amountMillionYen").GetDecimal() >= 100);
        }
        var small = Ids(await Search("5000万円まで"));
        Assert.NotEmpty(small);
        foreach (var id in small)
        {
            var scheme = await Get($"/api/v1/schemes/{id}");
            Assert.All(scheme.GetProperty("grantCaps").EnumerateArray(), c => Assert.True(c.GetProperty("amountMillionYen").GetDecimal() <= 50));
        }
    }

    [Fact]
    public async Task An_amount_no_scheme_has_finds_nothing_instead_of_every_scheme_with_a_yen_figure()
    {
        var body = await Search("3億円");
        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Contains("「3億円」", body.GetProperty("notice").GetString());
        Assert.NotEmpty(Ids(await Search("円")));
    }

    [Fact]
    public async Task Excluded_words_remove_schemes_and_quoted_phrases_need_the_words_in_order()
    {
        Assert.Contains("global-medtech-expansion-accompaniment", Ids(await Search("医工連携グローバル展開事業")));
        var excluded = Ids(await Search("医工連携グローバル展開事業 -伴走"));
        Assert.DoesNotContain("global-medtech-expansion-accompaniment", excluded);
        Assert.Contains("global-medtech-expansion-rd", excluded);

        var phrase = Ids(await Search("\"国際展開伴走支援\""));
        Assert.Contains("global-medtech-expansion-accompaniment", phrase);
        Assert.DoesNotContain("global-medtech-expansion-accompaniment", Ids(await Search("\"伴走支援国際展開\"")));
    }

    [Fact]
    public async Task Scores_are_in_0_to_1_best_first_and_highlights_mark_escaped_snippets()
    {
        var body = await Search("治験");
        var scores = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(scores, s => Assert.InRange(s, 0.0, 1.0));

        var snippets = body.GetProperty("items").EnumerateArray()
            .SelectMany(i => i.GetProperty("highlights").EnumerateArray())
            .Select(h => h.GetProperty("snippet").GetString()!).ToList();
        Assert.Contains(snippets, s => s.Contains("<mark>治験</mark>"));
        // The only markup in a snippet is <mark>; everything else is escaped text.
        Assert.All(snippets, s => Assert.DoesNotMatch(OtherMarkup(), MarkTags().Replace(s, "")));
        // A synonym of several words is highlighted whole, never one of its words alone.
        Assert.DoesNotContain(snippets, s => s.Contains("<mark>研究</mark>"));
    }

    [Fact]
    public async Task A_query_with_markup_is_searched_as_text_and_never_echoed_as_markup()
    {
        var body = await Search("<script>alert(1)</script> PMDA");
        Assert.Equal("pmda-consultation", Ids(body).First(id => id.StartsWith("pmda", StringComparison.Ordinal)));
        Assert.DoesNotContain("<script>", body.GetRawText());
    }

    [Fact]
    public async Task Q_combines_with_filters_and_facets_count_what_each_filter_would_return()
    {
        var unfiltered = await Search("医療機器");
        var filtered = await Search("医療機器", "&stage=clinical");
        var clinical = Ids(filtered);
        Assert.NotEmpty(clinical);
        Assert.True(clinical.Count < Ids(unfiltered).Count);
        Assert.All(clinical, id => Assert.Contains(id, Ids(unfiltered)));
        // Relevance order survives filtering; another sort orders the same matches.
        Assert.Equal(Ids(unfiltered).Where(clinical.Contains), clinical);
        var byName = Ids(await Search("医療機器", "&stage=clinical&sort=name"));
        Assert.Equal(clinical.Order(), byName.Order());
        Assert.NotEqual(clinical, byName);

        foreach (var facet in unfiltered.GetProperty("facets").GetProperty("supportType").EnumerateObject())
        {
            var total = (await Search("医療機器", "&supportType=" + facet.Name)).GetProperty("total").GetInt32();
            Assert.Equal(total, facet.Value.GetInt32());
        }
    }

    [Fact]
    public async Task Search_results_page_without_gaps_or_duplicates()
    {
        var all = Ids(await Search("支援"));
        var paged = new List<string>();
        for (var page = 1; page <= (all.Count + 4) / 5; page++)
            paged.AddRange(Ids(await Get($"/api/v1/schemes?q={Uri.EscapeDataString("支援")}&pageSize=5&page={page}")));
        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task A_query_of_only_particles_and_symbols_matches_nothing_and_says_so()
    {
        var body = await Search("の に を ！？");
        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal("no_terms", body.GetProperty("matchMode").GetString());
    }

    [Fact]
    public async Task Analyze_shows_both_representations_with_offsets_into_the_original_text()
    {
        const string text = "非臨床段階のｽﾀｰﾄｱｯﾌﾟ";
        var body = await Get("/api/v1/analyze?text=" + Uri.EscapeDataString(text));
        Assert.Equal("morphological", body.GetProperty("mode").GetString());
        var tokens = body.GetProperty("morphological").EnumerateArray().ToList();
        Assert.Contains(tokens, t => t.GetProperty("term").GetString() == "臨床");
        Assert.Contains(tokens, t => t.GetProperty("surface").GetString() == "ｽﾀｰﾄ" && t.GetProperty("term").GetString() == "スタート");
        Assert.DoesNotContain(tokens, t => t.GetProperty("partOfSpeech").GetString()!.StartsWith("助詞", StringComparison.Ordinal));
        foreach (var token in tokens.Concat(body.GetProperty("bigrams").EnumerateArray()))
        {
            var (start, end) = (token.GetProperty("start").GetInt32(), token.GetProperty("end").GetInt32());
            Assert.Equal(text[start..end], token.GetProperty("surface").GetString());
        }
    }

    [Fact]
    public async Task The_limit_is_1000_characters_and_the_error_names_q()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/v1/schemes?q=" + new string('医', 1000))).StatusCode);
        using var response = await app.Client.GetAsync("/api/v1/schemes?q=" + new string('医', 1001));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("1000", problem.GetProperty("errors").GetProperty("q")[0].GetString());
    }

    [GeneratedRegex("<mark>|</mark>")]
    private static partial Regex MarkTags();

    [GeneratedRegex("[<>]")]
    private static partial Regex OtherMarkup();
}

/// <summary>MeCab unavailable (a dictionary folder that does not exist): the service still serves, on bigrams, and says so.</summary>
public sealed class DegradedSearchTests : IAsyncLifetime
{
    private readonly MatchApiFactory _factory = new(dataPath: null, new Dictionary<string, string?> { ["Search:MeCabDictionary"] = "/nonexistent/ipadic" });
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.ReadyClientAsync();

    [Fact]
    public async Task Ready_reports_degraded_with_the_reason_and_search_still_finds_by_bigrams()
    {
        var ready = await MatchApiFactory.GetJsonAsync(_client, "/health/ready");
        Assert.Equal("degraded", ready.GetProperty("status").GetString());
        Assert.Equal("bigram_only", ready.GetProperty("analysis").GetString());
        Assert.Contains("MeCab", ready.GetProperty("warning").GetString());

        var body = await MatchApiFactory.GetJsonAsync(_client, "/api/v1/schemes?q=" + Uri.EscapeDataString("医療系ベンチャー"));
        Assert.Equal("mediso", body.GetProperty("items")[0].GetProperty("id").GetString());
        var analysis = await MatchApiFactory.GetJsonAsync(_client, "/api/v1/analyze?text=" + Uri.EscapeDataString("治験"));
        Assert.Equal("bigram_only", analysis.GetProperty("mode").GetString());
        Assert.Empty(analysis.GetProperty("morphological").EnumerateArray());
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Another MeCab dictionary named by Search:MeCabDictionary (naist-jdic, which test.sh installs and which makes itself
/// the machine's /etc/mecabrc default): every common word still answers 200, and health names the dictionary.
/// </summary>
public sealed class OtherDictionaryTests : IAsyncLifetime
{
    private readonly MatchApiFactory _factory = new(dataPath: null, new Dictionary<string, string?> { ["Search:MeCabDictionary"] = "/var/lib/mecab/dic/naist-jdic" });
    private HttpClient _client = null!;

    public async Task InitializeAsync() => _client = await _factory.ReadyClientAsync();

    [Fact]
    public async Task Search_answers_for_common_and_latin_words_and_ready_says_which_dictionary_is_loaded()
    {
        var ready = await MatchApiFactory.GetJsonAsync(_client, "/health/ready");
        Assert.Equal("mecab_other_dictionary", ready.GetProperty("analysis").GetString());
        Assert.Equal("/var/lib/mecab/dic/naist-jdic", ready.GetProperty("dictionary").GetProperty("directory").GetString());
        Assert.Contains("not IPADIC", ready.GetProperty("warning").GetString());

        foreach (var q in new[] { "治験", "米国", "AI", "MEDISO", "AI 医療機器", "deep tech スタートアップ", "の" })
        {
            using var response = await _client.GetAsync("/api/v1/schemes?q=" + Uri.EscapeDataString(q));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
        var trial = await MatchApiFactory.GetJsonAsync(_client, "/api/v1/schemes?q=" + Uri.EscapeDataString("治験"));
        Assert.NotEmpty(trial.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_default_service_loads_ipadic_by_its_path_although_the_machine_default_is_naist_jdic()
    {
        using var factory = new MatchApiFactory();
        using var client = await factory.ReadyClientAsync();
        var ready = await MatchApiFactory.GetJsonAsync(client, "/health/ready");
        Assert.Equal("mecab_ipadic", ready.GetProperty("analysis").GetString());
        Assert.Equal("/var/lib/mecab/dic/ipadic-utf8", ready.GetProperty("dictionary").GetProperty("directory").GetString());
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>「もしかして」 through the real pipeline and catalog: every suggestion is a query that finds schemes.</summary>
[Collection(ApiCollection.Name)]
public sealed class SuggestionApiTests(ReadyApp app)
{
    [Theory]
    [InlineData("ちけん", "治験")]
    [InlineData("スタートアプ", "スタートアップ")]
    [InlineData("いりょうきき", "医療機器")]
    [InlineData("めでぃそ", "メディソ")]
    [InlineData("治検 相談", "治験 相談")]
    public async Task A_misspelt_or_kana_only_query_suggests_catalog_words_that_find_schemes(string q, string expected)
    {
        var body = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?q=" + Uri.EscapeDataString(q));
        var suggestions = body.GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Contains(expected, suggestions);
        foreach (var suggestion in suggestions)
        {
            var found = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?q=" + Uri.EscapeDataString(suggestion));
            Assert.True(found.GetProperty("total").GetInt32() > 0, $"suggestion 「{suggestion}」 finds nothing");
        }
    }

    [Fact]
    public async Task A_query_that_matches_carries_no_suggestions_and_an_empty_result_no_claim_of_a_list()
    {
        var body = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?q=" + Uri.EscapeDataString("治験"));
        Assert.False(body.TryGetProperty("suggestions", out _));
        var empty = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?q=" + Uri.EscapeDataString("ちけん"));
        Assert.Equal(0, empty.GetProperty("total").GetInt32());
        Assert.DoesNotContain("表示しています", empty.GetProperty("notice").GetString());
    }
}

/// <summary>An English word found through data/synonyms.txt is marked where its Japanese equivalent stands.</summary>
[Collection(ApiCollection.Name)]
public sealed class EnglishSynonymHighlightTests(ReadyApp app)
{
    [Theory]
    [InlineData("subsidy", "補助金")]
    [InlineData("clinical trial", "治験")]
    public async Task An_english_query_highlights_the_japanese_words_it_matches(string english, string japanese)
    {
        var body = await MatchApiFactory.GetJsonAsync(app.Client, "/api/v1/schemes?pageSize=100&q=" + Uri.EscapeDataString(english));
        var snippets = body.GetProperty("items").EnumerateArray()
            .SelectMany(i => i.GetProperty("highlights").EnumerateArray()).Select(h => h.GetProperty("snippet").GetString()!).ToList();
        Assert.Contains(snippets, s => s.Contains($"<mark>{japanese}</mark>"));
    }
}
