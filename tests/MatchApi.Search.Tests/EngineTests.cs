namespace MatchApi.Search.Tests;

/// <summary>The engine end to end over the synthetic catalog: matching, ranking, filters, facets, paging, highlights, safety.</summary>
public sealed class EngineTests : IDisposable
{
    private readonly LuceneSearchEngine _engine = EngineFixture.Engine();

    private SearchResponse Search(string? text, SearchRequest? request = null) => _engine.Search((request ?? new SearchRequest()) with { Text = text });
    private List<string> Ids(string text) => Search(text).Hits.Select(h => h.Id).ToList();

    /// <summary>The fixture's engine with its budget as the amount a bound compares with.</summary>
    private static LuceneSearchEngine EngineComparingBudgets() => EngineFixture.Engine(schema: EngineFixture.Schema with { AmountNumber = "budget" });

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> Filter(string facet, params string[] codes) =>
        new Dictionary<string, IReadOnlySet<string>> { [facet] = codes.ToHashSet() };

    [Fact]
    public void Uses_mecab_with_ipadic() => Assert.Equal(AnalysisMode.Morphological, _engine.Status.Mode);

    [Fact]
    public void Finds_by_official_name_and_ranks_the_name_match_first() => Assert.Equal("global", Ids("医工連携グローバル展開事業")[0]);

    [Fact]
    public void An_abbreviation_in_another_width_finds_the_scheme_through_the_synonyms_file() => Assert.Equal("mediso", Ids("ｍｅｄｉｓｏ")[0]);

    [Fact]
    public void A_synonym_finds_a_document_that_only_has_the_other_word() => Assert.Contains("global", Ids("海外進出"));

    [Fact]
    public void All_words_must_match_and_otherwise_any_word_matches_with_the_mode_and_the_missing_word_said()
    {
        var all = Search("医療機器 伴走支援");
        Assert.Equal(MatchMode.AllTerms, all.Mode);
        Assert.Equal(["device-net"], all.Hits.Select(h => h.Id));

        var any = Search("科研費 宇宙ロケット");
        Assert.Equal(MatchMode.AnyTerm, any.Mode);
        Assert.Equal("kaken", any.Hits[0].Id);
        Assert.Equal(["宇宙ロケット"], any.UnmatchedWords);
    }

    [Fact]
    public void Excluded_words_remove_matches_and_phrases_match_in_order()
    {
        Assert.Contains("device-net", Ids("医療機器"));
        Assert.DoesNotContain("device-net", Ids("医療機器 -伴走支援"));
        Assert.Contains("global", Ids("\"医療機器開発\""));
        Assert.DoesNotContain("global", Ids("\"開発医療機器\""));
    }

    [Fact]
    public void A_synonym_of_several_words_matches_and_highlights_only_as_a_phrase()
    {
        var hits = Search("治験").Hits;
        Assert.DoesNotContain(hits, h => h.Id == "scattered");
        var trial = Assert.Single(hits, h => h.Id == "trial");
        Assert.Contains("<mark>臨床試験</mark>", trial.Highlights.Single(h => h.Field == "name").Snippet);
    }

    [Theory]
    [InlineData("科研費の制度を教えてほしい", "kaken")]
    [InlineData("治験相談の方法", "pmda")]
    [InlineData("what schemes does PMDA have", "pmda")]
    [InlineData("I want 伴走支援", "device-net")]
    public void The_requests_own_wording_only_ranks_so_a_sentence_matches_on_its_subject(string query, string expected)
    {
        var response = Search(query);
        Assert.Equal(MatchMode.AllTerms, response.Mode);
        Assert.Equal(expected, response.Hits[0].Id);
    }

    [Fact]
    public void An_english_sentence_needs_three_in_four_of_its_words_and_its_uncommon_ones_cannot_be_left_out()
    {
        // support (支援) and project (事業) are in most of the fixture's documents, researcher (研究者) in one.
        var researchers = Search("support for the project of researchers");
        Assert.Equal(MatchMode.AllTerms, researchers.Mode);
        Assert.Equal(["kaken"], researchers.Hits.Select(h => h.Id));
        Assert.NotEqual(MatchMode.AllTerms, Search("support for the project in space").Mode);
        var moon = Search("support for researchers of the moon");
        Assert.Equal(MatchMode.AllTerms, moon.Mode);
        Assert.Equal(["kaken"], moon.Hits.Select(h => h.Id));
        // Typed as keywords, without function words, every word must match.
        Assert.NotEqual(MatchMode.AllTerms, Search("support project researcher space").Mode);
    }

    [Fact]
    public void A_ranking_word_typed_alone_still_decides_the_match()
    {
        var response = Search("実施");
        Assert.Equal(MatchMode.AllTerms, response.Mode);
        Assert.Equal(["trial"], response.Hits.Select(h => h.Id));
    }

    [Theory]
    [InlineData("1億円以上", new[] { "kaken" })]
    [InlineData("１億円以上の研究", new[] { "kaken" })]
    [InlineData("1億円超", new[] { "kaken" })]
    [InlineData("2億円以下", new[] { "global", "trial", "kaken" })]
    [InlineData("2億円未満", new[] { "global", "trial" })]
    [InlineData("300万円まで", new[] { "global", "trial" })]
    [InlineData("300万円までの医療機器開発", new[] { "global" })]
    public void An_amount_typed_with_a_bound_matches_the_documents_whose_amount_is_inside_it(string query, string[] expected)
    {
        using var engine = EngineComparingBudgets();
        var response = engine.Search(new SearchRequest { Text = query });
        Assert.Equal(MatchMode.AllTerms, response.Mode);
        Assert.Equal(expected.Order(), response.Hits.Select(h => h.Id).Order());
    }

    [Theory]
    [InlineData("1億円")] // no bound: the amount as written, which no text has
    [InlineData("3件以上")] // a count, not an amount
    public void Only_an_amount_with_a_bound_is_compared(string query)
    {
        using var engine = EngineComparingBudgets();
        Assert.NotEqual(MatchMode.AllTerms, engine.Search(new SearchRequest { Text = query }).Mode);
    }

    [Theory]
    [InlineData("Ministry of Economy, Trade and Industry")]
    [InlineData("ministry of economy trade and industry 医療機器")]
    public void A_synonym_entry_of_many_words_typed_with_spaces_and_commas_finds_what_its_group_finds(string query)
    {
        var typed = Search(query);
        Assert.Equal(MatchMode.AllTerms, typed.Mode);
        Assert.Equal(["device-net", "global"], typed.Hits.Select(h => h.Id).Order());
        Assert.Equal(Ids("経済産業省").Order(), typed.Hits.Select(h => h.Id).Order());
    }

    [Fact]
    public void Scores_are_relative_to_the_best_match_and_absent_without_text()
    {
        var hits = Search("臨床").Hits;
        Assert.Equal(1.0, hits[0].Score);
        Assert.All(hits, h => Assert.InRange(h.Score!.Value, 0.0, 1.0));
        Assert.Equal(hits.Select(h => h.Score).OrderDescending(), hits.Select(h => h.Score));
        Assert.All(Search(null).Hits, h => Assert.Null(h.Score));
    }

    [Fact]
    public void Highlights_mark_the_original_text_and_escape_html()
    {
        var hit = Search("PMDA co").Hits.Single(h => h.Id == "pmda");
        var body = hit.Highlights.Single(h => h.Field == "body").Snippet;
        Assert.Contains("&lt;script&gt;", body);
        Assert.DoesNotContain("<script>", body);
        Assert.Contains("<mark>co</mark>", body);
        Assert.Contains("<mark>PMDA</mark>", hit.Highlights.Single(h => h.Field == "name").Snippet);
        var wide = Search("ＭＥＤＩＳＯ").Hits.Single(h => h.Id == "mediso");
        Assert.Contains("<mark>MEDISO</mark>", wide.Highlights.Single(h => h.Field == "aliases").Snippet);
    }

    [Fact]
    public void Filters_are_or_within_a_facet_and_and_across_facets()
    {
        var clinicalOrMarket = Search(null, new SearchRequest { Filters = Filter("stage", "clinical", "market") });
        Assert.Equal(["device-net", "global", "mediso", "pmda"], clinicalOrMarket.Hits.Select(h => h.Id).Order());
        var both = Search(null, new SearchRequest
        {
            Filters = new Dictionary<string, IReadOnlySet<string>> { ["stage"] = new HashSet<string> { "clinical" }, ["type"] = new HashSet<string> { "funding" } },
        });
        Assert.Equal(["global"], both.Hits.Select(h => h.Id));
    }

    [Fact]
    public void Facets_count_over_every_filter_but_their_own()
    {
        var response = Search("事業", new SearchRequest { Filters = Filter("type", "soft") });
        var matches = Search("事業").Hits.Select(h => h.Id).ToHashSet();
        var docs = EngineFixture.Documents.Where(d => matches.Contains(d.Id)).ToList();
        // The type facet ignores the type filter; the stage facet counts only soft schemes.
        Assert.Equal(docs.Count(d => d.Facets["type"].Contains("funding")), response.Facets["type"]["funding"]);
        Assert.Equal(docs.Count(d => d.Facets["type"].Contains("soft") && d.Facets["stage"].Contains("clinical")), response.Facets["stage"]["clinical"]);
        Assert.Equal(docs.Count(d => d.Facets["type"].Contains("soft")), response.Total);
    }

    [Fact]
    public void Counted_sets_count_the_matches_within_the_filters_in_the_same_search_and_in_the_fallback_too()
    {
        HashSet<string> open = ["global", "kaken", "mediso", "trial"];
        var counted = new Dictionary<string, IReadOnlySet<string>> { ["open"] = open, ["none"] = new HashSet<string>() };
        var response = Search("事業", new SearchRequest { Filters = Filter("type", "funding"), Counted = counted, PageSize = 1 });
        var matches = Search("事業", new SearchRequest { Filters = Filter("type", "funding"), PageSize = 100 }).Hits.Select(h => h.Id).ToList();
        Assert.Equal(matches.Count(open.Contains), response.CountedMatches["open"]);
        Assert.InRange(response.CountedMatches["open"], 1, response.Total - 1);
        Assert.Equal(0, response.CountedMatches["none"]);

        var fallback = Search("科研費 宇宙ロケット", new SearchRequest { Counted = counted, PageSize = 100 });
        Assert.Equal(MatchMode.AnyTerm, fallback.Mode);
        Assert.Equal(fallback.Hits.Count(h => open.Contains(h.Id)), fallback.CountedMatches["open"]);
        Assert.Equal(0, Search("の", new SearchRequest { Counted = counted }).CountedMatches["open"]);
    }

    [Fact]
    public void The_any_word_fallback_respects_the_filters()
    {
        // 科研費 matches all words, but only outside the filter: the fallback searches within it.
        var response = Search("科研費 支援", new SearchRequest { Filters = Filter("stage", "clinical") });
        Assert.Equal(MatchMode.AnyTerm, response.Mode);
        Assert.DoesNotContain(response.Hits, h => h.Id == "kaken");
        Assert.All(response.Hits, h => Assert.Contains("clinical", EngineFixture.Documents.Single(d => d.Id == h.Id).Facets["stage"]));
        Assert.Equal(["科研費"], response.UnmatchedWords);
    }

    [Fact]
    public void A_range_condition_keeps_documents_whose_period_covers_the_value_or_is_unknown()
    {
        var response = Search(null, new SearchRequest { Conditions = [new Covers("start", "end", 2026)], PageSize = 100 });
        Assert.Equal(["device-net", "global", "kaken", "mediso", "pmda", "scattered"], response.Hits.Select(h => h.Id).Order());
    }

    [Fact]
    public void Sorts_by_name_or_a_number_with_missing_numbers_last_and_ties_by_id()
    {
        var byBudget = Search(null, new SearchRequest { Sort = SearchSort.Largest("budget"), PageSize = 100 }).Hits.Select(h => h.Id).ToList();
        Assert.Equal(["kaken", "global", "trial", "device-net", "mediso", "pmda", "scattered"], byBudget);
        var byName = Search(null, new SearchRequest { Sort = SearchSort.Name, PageSize = 100 }).Hits.Select(h => h.Id).ToList();
        Assert.Equal("pmda", byName[0]); // Latin before kana and kanji in Japanese collation
    }

    [Fact]
    public void Pages_tile_the_results_and_a_page_past_the_last_is_empty_with_the_total()
    {
        var all = Search(null, new SearchRequest { PageSize = 100 }).Hits.Select(h => h.Id).ToList();
        var paged = Enumerable.Range(1, 3).SelectMany(p => Search(null, new SearchRequest { Page = p, PageSize = 3 }).Hits.Select(h => h.Id)).ToList();
        Assert.Equal(all, paged);
        var past = Search("事業", new SearchRequest { Page = int.MaxValue, PageSize = 100 });
        Assert.Empty(past.Hits);
        Assert.Equal(Search("事業").Total, past.Total);
    }

    /// <summary>療機 is no word MeCab makes of 医療機器: only the bigram run matches, and the snippet marks those characters.</summary>
    [Fact]
    public void A_query_that_matches_only_as_characters_marks_them_in_the_snippet()
    {
        var hit = Search("療機").Hits.Single(h => h.Id == "device-net");
        Assert.Contains("医<mark>療機</mark>器開発支援ネットワーク事業", hit.Highlights.Single(h => h.Field == "name").Snippet);
        Assert.Contains("医<mark>療機</mark>器の事業化", hit.Highlights.Single(h => h.Field == "summary").Snippet);
    }

    [Fact]
    public void Highlights_are_made_for_the_page_only()
    {
        var response = Search("事業", new SearchRequest { PageSize = 2 });
        Assert.Equal(2, response.Hits.Count);
        Assert.True(response.Total > 2);
        var all = _engine.MatchText("事業", highlighted: 1);
        Assert.NotEmpty(all.Hits[0].Highlights);
        Assert.All(all.Hits.Skip(1), h => Assert.Empty(h.Highlights));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("AND OR NOT NEAR")]
    [InlineData("医療 NEAR(a b, 3)")]
    [InlineData("* : ^ ( ) { } [ ] ~ ? \\ /")]
    [InlineData("name:医療 m_name:医療")]
    [InlineData("医療* 医療~ 医療~2")]
    [InlineData("\0\u0001")]
    [InlineData("\uD800医療\uDC00")]
    [InlineData("💰👥🏥")]
    [InlineData("- -- ---")]
    [InlineData("「")]
    [InlineData("-医療")]
    public void Hostile_queries_never_throw(string query)
    {
        Assert.NotNull(Search(query));
        Assert.NotNull(_engine.MatchText(query, 5));
        Assert.NotNull(_engine.Analyze(query));
    }

    [Fact]
    public void A_very_long_query_is_cut_not_fatal() =>
        Assert.NotNull(Search(string.Concat(Enumerable.Repeat("医療機器 \"", 20_000))));

    [Fact]
    public void A_sentence_of_many_distinct_words_stays_within_the_word_budget()
    {
        var words = string.Join("と", Enumerable.Range(0, 300).Select(i => $"単語{i}号"));
        var response = Search(words);
        Assert.NotNull(response);
    }

    [Theory]
    [InlineData("の が を ！？")]
    [InlineData("-委託")]
    public void A_query_with_no_searchable_word_has_no_terms(string query)
    {
        var result = Search(query);
        Assert.Equal(MatchMode.NoTerms, result.Mode);
        Assert.Empty(result.Hits);
        Assert.Equal(0, result.Total);
        Assert.All(result.Facets.Values.SelectMany(f => f.Values), count => Assert.Equal(0, count));
    }

    public void Dispose() => _engine.Dispose();
}

/// <summary>「もしかして」 for words nothing contains.</summary>
public sealed class SuggestionTests : IDisposable
{
    private readonly LuceneSearchEngine _engine = EngineFixture.Engine();

    private SearchResponse Search(string text) => _engine.Search(new SearchRequest { Text = text });

    [Fact]
    public void A_word_typed_in_kana_suggests_the_catalog_word_read_that_way()
    {
        var response = Search("ちけん");
        Assert.Empty(response.Hits);
        Assert.Contains("治験", response.Suggestions);
        Assert.NotEmpty(Search(response.Suggestions[0]).Hits);
    }

    [Fact]
    public void A_misspelt_word_suggests_the_nearest_catalog_words_and_keeps_the_rest_of_the_query()
    {
        var response = Search("科研火 学術研究");
        Assert.Contains("科研費 学術研究", response.Suggestions);
        Assert.Equal(MatchMode.AllTerms, Search("科研費 学術研究").Mode);
    }

    [Fact]
    public void Nothing_is_suggested_when_every_word_matches() => Assert.Empty(Search("科研費").Suggestions);

    public void Dispose() => _engine.Dispose();
}
