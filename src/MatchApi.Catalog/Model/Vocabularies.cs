using System.Collections.Frozen;

namespace MatchApi.Catalog.Model;

/// <summary>A controlled vocabulary value: its code, its Japanese label and the short forms users type.</summary>
public sealed record Term(string Code, string Label, IReadOnlyList<string> ShortForms);

/// <summary>A vocabulary of the public contract. Lookups accept the code, the label or a short form, in any width or case.</summary>
public sealed class Vocabulary
{
    private readonly FrozenDictionary<string, string> _codeByForm;

    public Vocabulary(string name, params Term[] terms)
    {
        Name = name;
        Terms = terms;
        _codeByForm = terms
            .SelectMany(t => new[] { t.Code, t.Label }.Concat(t.ShortForms).Select(form => (form: CatalogText.Fold(form), t.Code)))
            .DistinctBy(x => x.form)
            .ToFrozenDictionary(x => x.form, x => x.Code);
        Codes = terms.Select(t => t.Code).ToFrozenSet();
    }

    public string Name { get; }
    public IReadOnlyList<Term> Terms { get; }
    public IReadOnlySet<string> Codes { get; }

    public bool TryResolve(string? input, out string code)
    {
        code = "";
        if (string.IsNullOrWhiteSpace(input)) return false;
        return _codeByForm.TryGetValue(CatalogText.Fold(input), out code!);
    }

    public string Label(string code) => Terms.First(t => t.Code == code).Label;

    /// <summary>The code's place in the vocabulary's order (-1 for a code not in it).</summary>
    public int Order(string code) => Terms.Select(t => t.Code).ToList().IndexOf(code);

    /// <summary>What the API accepts, for error messages: each code with its label.</summary>
    public string Describe() => string.Join(", ", Terms.Select(t => $"{t.Code} ({t.Label})"));
}

/// <summary>The vocabularies of ../shared/api-contract.md, in one place.</summary>
public static class Vocabularies
{
    /// <summary>Stages in the order a device moves toward market.</summary>
    public static readonly Vocabulary Stage = new("stage",
        new("basic_research", "基礎研究", ["基礎"]),
        new("applied_research", "応用研究", ["応用"]),
        new("non_clinical", "非臨床", ["非臨床試験", "前臨床"]),
        new("clinical", "臨床研究・治験", ["臨床", "治験", "臨床研究", "臨床試験"]),
        new("commercialization", "実用化", ["上市"]),
        new("business_expansion", "事業展開", []));

    public static readonly Vocabulary SupportType = new("supportType",
        new("funding", "資金支援", ["資金", "補助", "委託", "融資", "出資", "💰"]),
        new("soft", "ソフト支援", ["ソフト", "相談", "セミナー", "伴走", "👥"]));

    public static readonly Vocabulary Ministry = new("ministry",
        new("mext", "文部科学省", ["文科省", "文"]),
        new("meti", "経済産業省", ["経産省", "経"]),
        new("mhlw", "厚生労働省", ["厚労省", "厚"]),
        new("cao", "内閣府", ["内"]),
        new("cas", "内閣官房", []),
        new("mic", "総務省", ["総"]));

    public static readonly Vocabulary Category = new("category",
        new("research_development", "研究開発に対する支援", ["研究開発"]),
        new("commercialization", "実用化・事業化に対する支援", ["実用化・事業化", "事業化"]),
        new("startup", "スタートアップに対する支援", ["スタートアップ"]),
        new("human_resources", "人材育成に対する支援", ["人材育成"]),
        new("international", "国際展開に関する支援", ["国際展開"]));

    public static readonly Vocabulary Applicant = new("applicant",
        new("academia", "大学・研究機関", ["大学", "研究機関", "アカデミア"]),
        new("startup", "スタートアップ", ["ベンチャー", "SU"]),
        new("sme", "中小企業", []),
        new("company", "企業", ["民間企業"]),
        new("hospital", "医療機関", ["病院"]),
        new("support_org", "支援機関", []),
        new("individual", "個人", []));

    public static readonly Vocabulary Need = new("need",
        new("funding", "資金", ["資金調達", "補助金"]),
        new("regulatory", "薬事・規制対応", ["薬事", "規制対応", "薬事相談"]),
        new("international", "海外展開", ["国際展開", "海外進出"]),
        new("commercialization", "事業化", ["実用化"]),
        new("partnering", "連携・マッチング", ["連携", "マッチング"]),
        new("human_resources", "人材育成", ["人材"]),
        new("mentoring", "伴走支援", ["伴走", "メンタリング", "ハンズオン"]));

    /// <summary>The kinds of a budget figure, in the order one is preferred when a fiscal year has several (<see cref="Scheme.LatestBudget"/>).</summary>
    public static readonly Vocabulary BudgetKind = new("budgetKind",
        new("initial", "当初予算", ["当初"]),
        new("supplementary", "補正予算", ["補正"]),
        new("executed", "執行額", ["執行"]),
        new("request", "概算要求", []));

    /// <summary>
    /// How a scheme links to another: parent and child (sub-programmes) come from the records' parent field; the others
    /// are stated in related (see <see cref="CatalogRules.InverseRelation"/>).
    /// </summary>
    public static readonly Vocabulary Relation = new("relation",
        new("parent", "親事業", []),
        new("child", "下位事業", []),
        new("predecessor", "前身の事業", []),
        new("successor", "後継の事業", []),
        new("renamed_from", "改称前の事業", []),
        new("renamed_to", "改称後の事業", []),
        new("partner", "連携する事業", []));

    /// <summary>The vocabularies that filter the list and describe a profile.</summary>
    public static readonly IReadOnlyList<Vocabulary> Filters = [Stage, SupportType, Ministry, Category, Applicant, Need];

    /// <summary>Every vocabulary GET /api/v1/vocabularies serves: the filters', and the codes records carry (budget kinds, relations).</summary>
    public static readonly IReadOnlyList<Vocabulary> All = [.. Filters, BudgetKind, Relation];

    /// <summary>The applicant types that develop devices themselves (every type but 支援機関): who a scheme open to all developers takes.</summary>
    public static readonly IReadOnlyList<string> DeveloperApplicants = ["academia", "startup", "sme", "company", "hospital", "individual"];
}
