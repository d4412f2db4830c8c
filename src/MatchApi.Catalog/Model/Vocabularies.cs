using System.Collections.Frozen;
using System.Text;

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
            .SelectMany(t => new[] { t.Code, t.Label }.Concat(t.ShortForms).Select(form => (form: Fold(form), t.Code)))
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
        return _codeByForm.TryGetValue(Fold(input), out code!);
    }

    public string Label(string code) => Terms.First(t => t.Code == code).Label;

    /// <summary>What the API accepts, for error messages: each code with its label.</summary>
    public string Describe() => string.Join(", ", Terms.Select(t => $"{t.Code} ({t.Label})"));

    private static string Fold(string value) => value.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}

/// <summary>The vocabularies of ../shared/api-contract.md, in one place.</summary>
public static class Vocabularies
{
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

    public static readonly IReadOnlyList<Vocabulary> All = [Stage, SupportType, Ministry, Category, Applicant, Need];

    /// <summary>The applicant types that develop devices themselves (every type but 支援機関): who a scheme open to all developers takes.</summary>
    public static readonly IReadOnlyList<string> DeveloperApplicants = ["academia", "startup", "sme", "company", "hospital", "individual"];

    /// <summary>Stages in the order a device moves toward market.</summary>
    public static int StageOrder(string stageCode) => Stage.Terms.Select(t => t.Code).ToList().IndexOf(stageCode);
}
