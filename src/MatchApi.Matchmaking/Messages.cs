using MatchApi.Catalog.Model;
using MatchApi.Search;

namespace MatchApi.Matchmaking;

/// <summary>The Japanese messages of findings, worded once.</summary>
public static class Messages
{
    private static string StageLabel(string code) => Vocabularies.Stage.Label(code);
    private static string ApplicantLabel(string code) => Vocabularies.Applicant.Label(code);
    private static string Join(IEnumerable<string> codes, Vocabulary vocabulary) =>
        string.Join("、", Recommender.Ordered(codes, vocabulary).Select(vocabulary.Label));

    public static Finding CallOpen(Call call, int? daysLeft) =>
        new(FindingCodes.CallOpen, daysLeft is { } days ? $"公募中（締切まで{days}日）：{call.Title}" : $"公募中（締切未定）：{call.Title}");
    public static Finding CallClosingSoon(Call call, int daysLeft) =>
        new(FindingCodes.CallClosingSoon, $"公募中（締切まで{daysLeft}日）：{call.Title}。申請準備が間に合わない可能性があります");
    public static Finding CallUpcoming(Call call) =>
        new(FindingCodes.CallUpcoming, $"公募予定（{call.OpensAt}受付開始）：{call.Title}");
    public static Finding NextCallUnknown(IEnumerable<Call> calls) =>
        new(FindingCodes.NextCallUnknown, calls.Select(c => c.ClosesAt).OfType<string>().Max() is { } last
            ? $"次回の公募時期は未定です（前回の締切: {last[..10]}）"
            : "次回の公募時期は未定です");

    public static Finding StageMatch(string stage) => new(FindingCodes.StageMatch, $"{StageLabel(stage)}段階を対象としています");
    public static Finding StageMismatch(string stage, IEnumerable<string> stages) =>
        new(FindingCodes.StageMismatch, $"{StageLabel(stage)}段階は対象外です（対象: {Join(stages, Vocabularies.Stage)}）");
    public static Finding StageUnknown() => new(FindingCodes.StageUnknown, "対象となる開発段階は資料に記載がありません");

    public static Finding ApplicantMatch(string applicant) => new(FindingCodes.ApplicantMatch, $"{ApplicantLabel(applicant)}を対象としています");
    public static Finding ApplicantBroaderMatch(string applicant, string group) =>
        new(FindingCodes.ApplicantMatch, $"{ApplicantLabel(group)}を対象としています（{ApplicantLabel(applicant)}も該当し得ます。詳細は公募要領で確認してください）");
    public static Finding ApplicantOpen(string applicant) =>
        new(FindingCodes.ApplicantMatch, $"応募者の種別を限らず、開発者であれば対象です（{ApplicantLabel(applicant)}も対象）");
    public static Finding ApplicantMismatch(string applicant, IEnumerable<string> applicants) =>
        new(FindingCodes.ApplicantMismatch, $"{ApplicantLabel(applicant)}は対象外です（対象: {Join(applicants, Vocabularies.Applicant)}）");
    public static Finding ApplicantUnknown() => new(FindingCodes.ApplicantUnknown, "対象となる応募者の種別は資料に記載がありません");

    public static Finding Active(int fiscalYear, Period period) =>
        new(FindingCodes.Active, $"{FiscalYear.Japanese(fiscalYear)}に実施されています（実施期間: {Span(period)}）");
    public static Finding Ended(int end, int fiscalYear, Scheme? successor) =>
        new(FindingCodes.Ended, $"{FiscalYear.Japanese(end)}で終了しており、{FiscalYear.Japanese(fiscalYear)}には実施されていません" +
                                (successor is null ? "" : $"（後継: {successor.Name}）"));
    public static Finding NotStarted(int start, int fiscalYear) =>
        new(FindingCodes.NotStarted, $"{FiscalYear.Japanese(start)}開始のため、{FiscalYear.Japanese(fiscalYear)}には実施されていません");
    public static Finding Superseded(Scheme successor) =>
        new(FindingCodes.Superseded, $"後継の{successor.Name}に引き継がれています");
    public static Finding PeriodUnknown() => new(FindingCodes.PeriodUnknown, "実施期間は資料に記載がありません");

    public static Finding NeedCovered(string need) => new(FindingCodes.NeedCovered, $"「{Vocabularies.Need.Label(need)}」のニーズに対応しています");
    public static Finding NeedAlsoCovered(string need, IEnumerable<string> mainNeeds) =>
        new(FindingCodes.NeedCovered, $"「{Vocabularies.Need.Label(need)}」のニーズにも対応しています（主な目的: {Join(mainNeeds, Vocabularies.Need)}）");
    public static Finding NeedNotCovered(string need) => new(FindingCodes.NeedNotCovered, $"「{Vocabularies.Need.Label(need)}」のニーズには対応していません");
    public static Finding NeedsUnknown() => new(FindingCodes.NeedsUnknown, "どのニーズに対応するかは資料から判断できません");

    public static Finding SupportTypeMatch(string type) => new(FindingCodes.SupportTypeMatch, $"希望する支援形態（{Vocabularies.SupportType.Label(type)}）です");
    public static Finding SupportTypeMismatch(IEnumerable<string> wanted, IEnumerable<string> offered) =>
        new(FindingCodes.SupportTypeMismatch, $"希望する支援形態（{Join(wanted, Vocabularies.SupportType)}）ではありません（この制度: {Join(offered, Vocabularies.SupportType)}）");
    public static Finding SupportTypeUnknown() => new(FindingCodes.SupportTypeUnknown, "支援形態は資料に記載がありません");

    public static Finding TextMatch(string query, IReadOnlyList<Highlight> highlights)
    {
        var fields = highlights.Select(h => FieldLabel(h.Field)).Distinct().ToList();
        return new(FindingCodes.TextMatch, $"「{Quote(query)}」に関連する記述があります" + (fields.Count == 0 ? "" : $"（{string.Join("・", fields)}）"));
    }
    /// <summary>Some of the words: 「画像診断」に関連する記述があります（キーワード）.</summary>
    public static Finding TextPartialMatch(IReadOnlyList<string> words, IReadOnlyList<Highlight> highlights)
    {
        var fields = highlights.Select(h => FieldLabel(h.Field)).Distinct().ToList();
        return new(FindingCodes.TextPartialMatch, $"{Words(words)}に関連する記述があります" + (fields.Count == 0 ? "" : $"（{string.Join("・", fields)}）"));
    }

    public static Finding TextWordsNotMatched(IReadOnlyList<string> words) => new(FindingCodes.TextNotMatched, $"{Words(words)}に関連する記述は見つかりませんでした");

    private static string Words(IEnumerable<string> words) => string.Concat(words.Select(w => $"「{Quote(w)}」"));

    public static Finding TextNotMatched(string query) => new(FindingCodes.TextNotMatched, $"「{Quote(query)}」に関連する記述は見つかりませんでした");

    public static Finding DeviceSpecific() => new(FindingCodes.DeviceSpecific, "医療機器に特化した制度です");

    /// <summary>The cap quoted for the profile's stage; a stage-tied cap quoted without a stated stage says which stage it is for.</summary>
    public static Finding FundingCap(GrantCap cap, string? stage)
    {
        var forStage = cap.Stages.Count == 0 ? "" : stage is not null && cap.Stages.Contains(stage)
            ? $"{StageLabel(stage)}段階の"
            : $"{Join(cap.Stages, Vocabularies.Stage)}段階の";
        return new(FindingCodes.FundingSize, $"{forStage}支援額の上限は{Amounts.Japanese(cap.AmountMillionYen)}です（{cap.Per}）");
    }
    public static Finding FundingBudget(Budget budget) =>
        new(FindingCodes.FundingSize, $"事業全体の予算規模は{Amounts.Japanese(budget.AmountMillionYen)}です（{FiscalYear.Japanese(budget.FiscalYear)}{Vocabularies.BudgetKind.Label(budget.Kind)}）");

    private static string Span(Period period) =>
        $"{(period.StartFiscalYear is { } s ? $"{s}年度" : "")}～{(period.EndFiscalYear is { } e ? $"{e}年度" : "")}";

    private static string FieldLabel(string field) => field switch
    {
        "name" => "名称",
        "aliases" => "別名",
        "keywords" => "キーワード",
        "summary" => "概要",
        _ => "本文",
    };

    private static string Quote(string query)
    {
        var q = string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return q.Length <= 30 ? q : q[..30] + "…";
    }
}
