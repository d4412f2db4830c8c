using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;
using MatchApi.Tests.Infrastructure;
using NJsonSchema;

namespace MatchApi.Tests.Data;

/// <summary>
/// What the records claim beyond figures — relations, stages, caps tied to a stage, the document registry — checked
/// against the seed lines they cite: each case reads the lines and checks that they say it.
/// </summary>
public sealed class SeedClaimTests
{
    private static readonly CatalogFiles Files = new(RepositoryPaths.Data);
    private static readonly IReadOnlyDictionary<string, Scheme> Schemes = Files.Read().Schemes.ToDictionary(s => s.Id);
    private static readonly IReadOnlyList<SeedDocument> Documents = Files.ReadDocuments().Documents;

    private static string Lines(string document, string range)
    {
        var file = Documents.Single(d => d.File.StartsWith(document + "_", StringComparison.Ordinal)).File;
        var bounds = range.Split('-').Select(int.Parse).ToArray();
        return SeedText.Fold(string.Concat(File.ReadLines(Path.Combine(RepositoryPaths.Seeds, file)).Skip(bounds[0] - 1).Take(bounds[^1] - bounds[0] + 1)));
    }

    private static void Says(string document, string range, params string[] texts)
    {
        var lines = Lines(document, range);
        foreach (var text in texts) Assert.True(lines.Contains(SeedText.Fold(text)), $"{document}: {range} does not say 「{text}」");
    }

    private static bool Related(string from, string relation, string to) =>
        Schemes[from].Related.Any(r => r.RelationType == relation && r.Id == to)
        || Schemes[to].Related.Any(r => r.RelationType == CatalogRules.InverseRelation[relation] && r.Id == from);

    public static TheoryData<string, string, string, string, string, string[]> RelationClaims() => new()
    {
        // from, relation, to, seed, lines, what the lines say
        { "translational-research-strategic-program", "successor", "translational-research-program", "001", "1445-1447", ["橋渡し研究プログラム", "橋渡し研究戦略的推進プログラムの令和３年度の事業終了"] },
        { "medical-research-outcome-deployment", "successor", "device-research-deployment", "000", "8-9", ["「医療分野研究成果展開事業」を整理・改善し", "「医療機器等研究成果展開事業」を開始"] },
        { "advanced-measurement-device-program", "successor", "device-research-deployment", "000", "302-305", ["前身事業の医療分野研究成果展開事業"] },
        { "medical-engineering-innovation", "renamed_to", "global-medtech-expansion", "004", "11", ["医工連携イノベーション推進事業", "医工連携グローバル展開事業」に改められ"] },
        { "mediso", "partner", "innohub", "003", "859", ["InnoHub", "連携"] },
        { "mediso", "partner", "pmda-consultation", "003", "859", ["PMDA"] },
        { "mediso", "partner", "device-development-support-network", "003", "859", ["医療機器開発支援ネットワーク（MEDIC）"] },
        { "device-development-support-network", "partner", "global-medtech-expansion-accompaniment", "002", "15", ["国際展開伴走支援事業", "「医療機器開発支援ネットワーク」を通じ"] },
        { "regional-device-ecosystem", "partner", "next-gen-device-hubs", "003", "482", ["次世代医療機器連携拠点整備等事業", "連携を推奨"] },
        { "global-medtech-expansion-hubs", "partner", "regional-device-ecosystem", "004", "121", ["地域連携拠点自立化推進事業", "連携"] },
    };

    [Theory]
    [MemberData(nameof(RelationClaims))]
    public void A_relation_is_stated_by_its_seed_lines(string from, string relation, string to, string document, string lines, string[] texts)
    {
        Assert.True(Related(from, relation, to), $"{from} is not recorded as {relation} of {to}");
        Says(document, lines, texts);
    }

    public static TheoryData<string, string[], string, string, string[]> StageClaims() => new()
    {
        // id, stages, seed, lines, what the lines say
        { "innovative-cancer-research", ["applied_research", "non_clinical", "clinical"], "003", "659-660", ["応用領域後半から臨床領域にかけて"] },
        { "developing-countries-medical-tech", ["applied_research", "non_clinical", "clinical"], "003", "1293-1297", ["ニーズの把握から試作品作製、薬事申請に至るまでの研究開発"] },
        { "global-medtech-expansion-accompaniment", ["non_clinical", "clinical"], "002", "15", ["非臨床～臨床フェーズに絞った研究開発", "国際展開伴走支援事業"] },
        { "global-medtech-expansion-hubs", ["non_clinical", "clinical"], "002", "15", ["非臨床～臨床フェーズに絞った研究開発", "グローバル進出拠点事業"] },
        { "clinical-research-trial-promotion", ["clinical"], "001", "566-567", ["臨床研究・治験推進研究事業", "医師主導治験等を支援"] },
        { "innovative-advanced-research", ["basic_research"], "001", "1323-1325", ["シーズの創出・育成等の基礎的研究"] },
        { "advanced-measurement-device-program", ["basic_research", "applied_research"], "001", "5590-5599", ["原理検証", "プロトタイプ機を完成"] },
        { "device-research-deployment", ["basic_research", "applied_research"], "000", "166", ["医療機器開発の基礎研究から応用研究"] },
        { "kakenhi", ["basic_research", "applied_research"], "003", "5", ["基礎から応用までのあらゆる「学術研究」"] },
    };

    [Theory]
    [MemberData(nameof(StageClaims))]
    public void Stages_are_the_ones_the_seed_describes_and_the_note_cites_the_lines(string id, string[] stages, string document, string lines, string[] texts)
    {
        var scheme = Schemes[id];
        Assert.Equal(stages.Order(), scheme.Stages.Order());
        Assert.Contains($"{document}: ", scheme.StagesNote);
        Says(document, lines, texts);
    }

    [Fact]
    public void Schemes_whose_seeds_state_no_stage_keep_it_unknown()
    {
        // The overview's first page (003: 1-54) is a table flattened by the extraction: its stage columns are lost,
        // so it places no scheme in a stage. These schemes' own pages do not describe a stage either.
        foreach (var id in new[] { "aimgain", "deep-tech-startup", "japan-healthcare-business-contest", "policy-finance-investment", "lifestyle-disease-research", "next-gen-device-hubs" })
            Assert.Empty(Schemes[id].Stages);
    }

    public static TheoryData<string, int, string, string, string, string[]> StagedCaps() => new()
    {
        // id, cap index, stage, seed, lines, what the lines say
        { "global-medtech-expansion-rd", 0, "non_clinical", "004", "55-59", ["非臨床", "7,000万円(上限)"] },
        { "global-medtech-expansion-rd", 1, "clinical", "004", "61-65", ["臨床(治験・臨床研究)", "1億円(上限)"] },
        { "translational-research-program", 1, "non_clinical", "003", "300-304", ["非臨床POC取得を目指す課題", "70百万円"] },
        { "translational-research-program", 2, "clinical", "003", "306-310", ["臨床POC取得を目指す課題", "最大100百万円"] },
    };

    [Theory]
    [MemberData(nameof(StagedCaps))]
    public void A_cap_tied_to_a_stage_is_tied_by_its_seed_lines_and_cites_them(string id, int index, string stage, string document, string lines, string[] texts)
    {
        var cap = Schemes[id].GrantCaps[index];
        Assert.Equal([stage], cap.Stages);
        Assert.Contains($"{document}: {lines}", cap.Condition);
        Says(document, lines, texts);
    }

    [Fact]
    public void A_budget_charted_for_a_predecessor_names_it_and_matches_the_predecessors_own_figures()
    {
        var charted = Schemes["device-research-deployment"].Budgets.Where(b => b.BelongsTo is not null).ToList();
        Assert.Equal([2020, 2020, 2021, 2021], charted.Select(b => b.FiscalYear));
        Assert.All(charted, b => Assert.Equal("advanced-measurement-device-program", b.BelongsTo));
        var own = Schemes["advanced-measurement-device-program"].Budgets;
        foreach (var b in charted.Where(b => b.Kind == "initial"))
            Assert.Contains(own, o => o.FiscalYear == b.FiscalYear && o.Kind == "initial" && o.AmountMillionYen == b.AmountMillionYen);
        // The scheme's latest budget is its own, not the predecessor's.
        Assert.Equal(2024, Schemes["device-research-deployment"].LatestBudget!.FiscalYear);
        Says("000", "8-9", "令和4", "年度より開始");
    }

    [Fact]
    public void Kakenhi_is_placed_in_research_and_development_and_says_why()
    {
        Assert.Equal(["research_development"], Schemes["kakenhi"].Categories);
        Assert.Contains("003: 1-54", Schemes["kakenhi"].Notes);
        Says("003", "46", "科学研究費助成事業");
    }

    [Fact]
    public void Pmda_consultation_is_open_to_every_developer_with_a_note_citing_the_seed()
    {
        var pmda = Schemes["pmda-consultation"];
        Assert.True(pmda.OpenToAllApplicants);
        Assert.Empty(pmda.Applicants);
        Assert.Contains("003: 1168-1207", pmda.ApplicantsNote);
        Says("003", "1168-1207", "PMDA相談業務", "開発前相談", "臨床試験（治験）のデザイン");
    }

    [Fact]
    public async Task The_document_registry_validates_and_registers_every_seed_file()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(RepositoryPaths.Data, "documents.schema.json"));
        var errors = schema.Validate(File.ReadAllText(Files.DocumentsFile));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var seedFiles = Directory.GetFiles(RepositoryPaths.Seeds, "*.txt").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(seedFiles, Documents.Select(d => d.File).Order());
        Assert.Empty(CatalogRules.ValidateDocuments(Documents));
    }

    public static TheoryData<string> RegisteredFiles() => new(Documents.Select(d => d.File));

    [Theory]
    [MemberData(nameof(RegisteredFiles))]
    public void A_registry_entry_is_printed_in_the_lines_it_cites(string file)
    {
        var entry = Documents.Single(d => d.File == file);
        var cited = string.Concat(entry.Lines.Select(range => Lines(file[..3], range)));
        Assert.Contains(SeedText.Fold(entry.Title.Split('（')[0]), cited);
        foreach (var word in (entry.Publisher ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            Assert.Contains(SeedText.Fold(word), cited);
        if (entry.DateText is not null) Assert.Contains(SeedText.Fold(entry.DateText), cited);
        if (entry.Date is not null) Assert.Matches(@"^\d{4}(-\d{2}(-\d{2})?)?$", entry.Date);
        if (entry.Publisher is null) Assert.False(string.IsNullOrWhiteSpace(entry.Note), $"{file}: no publisher and no note saying why");
    }

    [Fact]
    public void The_registry_rules_name_what_is_wrong()
    {
        var problems = CatalogRules.ValidateDocuments([
            new SeedDocument { File = "a.txt", Title = "", Lines = [] },
            new SeedDocument { File = "a.txt", Title = "資料", Date = "2023/4", Lines = ["x"] }]);
        Assert.Contains(problems, p => p.Contains("'a.txt' is registered 2 times"));
        Assert.Contains(problems, p => p.Contains("'a.txt' has no title"));
        Assert.Contains(problems, p => p.Contains("date '2023/4'"));
        Assert.Contains(problems, p => p.Contains("lines 'x'"));
        Assert.Contains(problems, p => p.Contains("cites no lines"));

        var scheme = new Scheme
        {
            Id = "x", Name = "テスト制度", Summary = "テスト用の制度です。", Needs = ["funding"], OpenToAllApplicants = true, Applicants = ["company"],
            Stages = ["clinical"], GrantCaps = [new GrantCap { AmountMillionYen = 1, Per = "1件", Stages = ["non_clinical"] }],
            Budgets = [new Budget { FiscalYear = 2020, AmountMillionYen = 1, Kind = "initial", BelongsTo = "nowhere" }],
            Sources = [new SourceRef { Document = "unregistered.txt", Lines = "1" }],
        };
        var rules = CatalogRules.Validate([scheme], Documents);
        Assert.Contains(rules, p => p.Contains("unknown source document 'unregistered.txt'"));
        Assert.Contains(rules, p => p.Contains("needs without primaryNeeds"));
        Assert.Contains(rules, p => p.Contains("openToAllApplicants with applicants listed"));
        Assert.Contains(rules, p => p.Contains("openToAllApplicants without applicantsNote"));
        Assert.Contains(rules, p => p.Contains("grant cap for stage 'non_clinical'"));
        Assert.Contains(rules, p => p.Contains("belongsTo 'nowhere', which does not exist"));
    }
}
