using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Catalog.Querying;
using MatchApi.Search;

namespace MatchApi.Matchmaking;

/// <summary>A scheme linked to a recommended one: its parent, a sub-programme, a successor or predecessor, a partner.</summary>
public sealed record SchemeLink(string Relation, string Id, string Name);

/// <summary>One scored scheme. Eligible: no hard criterion (stage, applicant, period) is unmet.</summary>
public sealed record Recommendation(
    Scheme Scheme,
    double Score,
    bool Eligible,
    IReadOnlyList<Finding> Reasons,
    IReadOnlyList<Finding> Unmet,
    IReadOnlyList<Finding> Unknown,
    IReadOnlyList<SchemeLink> Links);

/// <summary>
/// One page of the ranked schemes for a profile. EligibleCount: schemes passing every hard criterion; Total: how many
/// the profile can page through (the eligible ones, or every scheme with includeIneligible); MatchMode: how the free
/// text matched (null without text).
/// </summary>
public sealed record RecommendationResult(IReadOnlyList<Recommendation> Items, int EligibleCount, int Total, MatchMode? MatchMode);

/// <summary>
/// How relevant each scheme is to the profile's free text (search score normalised to the best hit = 1), computed once
/// per request and reused for every ranking of that request (e.g. each stage of a roadmap): the schemes matching every
/// word, and those matching some of them (「AI 画像診断」 for a scheme about 画像診断), with which words.
/// </summary>
public sealed class TextRelevance(
    IReadOnlyDictionary<string, (double Score, IReadOnlyList<Highlight> Highlights)> hits,
    IReadOnlyDictionary<string, PartialHit> partial,
    MatchMode mode)
{
    public MatchMode Mode { get; } = mode;

    /// <summary>A query with no search words (only particles, only exclusions) takes no part in the score.</summary>
    public bool Scores => Mode != MatchMode.NoTerms;

    public bool TryGet(string schemeId, out (double Score, IReadOnlyList<Highlight> Highlights) hit) => hits.TryGetValue(schemeId, out hit);

    public bool TryGetPartial(string schemeId, out PartialHit hit) => partial.TryGetValue(schemeId, out hit!);
}

/// <summary>
/// Scores every scheme of the catalog against a profile: hard criteria (stage, applicant, period) decide eligibility;
/// among eligible (and among ineligible) schemes, those meeting every stated criterion come before those with an unmet
/// one, and the weighted fit (<see cref="ScoringWeights"/>) ranks within each. Deterministic: ties break on fewer
/// unknowns, then the id.
/// </summary>
public sealed class Recommender(Func<string, TextMatches> matchText)
{
    /// <summary>Applicant groups a scheme may name that include the profile's applicant type (besides the type itself).</summary>
    private static readonly IReadOnlyDictionary<string, string[]> BroaderApplicants = new Dictionary<string, string[]>
    {
        ["startup"] = ["sme", "company"],
        ["sme"] = ["company"],
    };

    /// <summary>Page <paramref name="page"/> (1-based) of <paramref name="limit"/> items; a page past the last is empty.</summary>
    public RecommendationResult Recommend(CatalogSnapshot catalog, Profile profile, int limit, int page = 1)
    {
        var text = MatchText(catalog, profile.Query);
        var ranked = Rank(catalog, profile, text);
        var eligibleCount = ranked.Count(r => r.Eligible);
        var shown = ranked.Where(r => r.Eligible || profile.IncludeIneligible).ToList();
        var items = shown.Skip((page - 1) * limit).Take(limit).ToList();
        return new RecommendationResult(items, eligibleCount, shown.Count, text?.Mode);
    }

    /// <summary>The text relevance of the catalog's schemes to the query: one search; null without a query.</summary>
    public TextRelevance? MatchText(CatalogSnapshot catalog, string? query)
    {
        if (string.IsNullOrWhiteSpace(query)) return null;
        var result = matchText(query);
        var hits = result.Hits.Where(h => catalog.Find(h.Id) is not null && h.Score > 0).ToList();
        var best = hits.Count == 0 ? 1 : hits.Max(h => h.Score!.Value);
        return new TextRelevance(
            hits.GroupBy(h => h.Id).ToDictionary(g => g.Key, g => (g.Max(h => h.Score!.Value) / best, (IReadOnlyList<Highlight>)g.First().Highlights)),
            result.Partial.Where(h => catalog.Find(h.Id) is not null).GroupBy(h => h.Id).ToDictionary(g => g.Key, g => g.First()),
            result.Mode);
    }

    /// <summary>Every scheme, eligible ones first; within each group those meeting every stated criterion first; then best first.</summary>
    public IReadOnlyList<Recommendation> Rank(CatalogSnapshot catalog, Profile profile, TextRelevance? text)
    {
        var funding = FundingScale.Of(catalog);
        return catalog.Schemes
            .Select(s => Score(catalog, s, profile, text, funding))
            .OrderByDescending(r => r.Eligible)
            .ThenBy(r => r.Unmet.Count > 0)
            .ThenByDescending(r => r.Score)
            .ThenBy(r => r.Unknown.Count)
            .ThenBy(r => r.Unmet.Count)
            .ThenBy(r => r.Scheme.Id, StringComparer.Ordinal)
            .ToList();
    }

    private static Recommendation Score(
        CatalogSnapshot catalog, Scheme s, Profile p,
        TextRelevance? text, FundingScale funding)
    {
        var reasons = new List<Finding>();
        var unmet = new List<Finding>();
        var unknown = new List<Finding>();
        double weighted = 0, weights = 0;
        void Add(double weight, double credit) { weighted += weight * credit; weights += weight; }

        // Hard: stage.
        if (p.Stage is { } stage)
        {
            if (s.Stages.Count == 0) { unknown.Add(Messages.StageUnknown()); Add(ScoringWeights.Stage, ScoringWeights.UnknownCredit); }
            else if (s.Stages.Contains(stage)) { reasons.Add(Messages.StageMatch(stage)); Add(ScoringWeights.Stage, 1); }
            else { unmet.Add(Messages.StageMismatch(stage, s.Stages)); Add(ScoringWeights.Stage, 0); }
        }

        // Hard: applicant.
        if (p.Applicant is { } applicant)
        {
            var broader = BroaderApplicants.GetValueOrDefault(applicant) ?? [];
            var accepted = s.AcceptedApplicants;
            if (accepted.Count == 0) { unknown.Add(Messages.ApplicantUnknown()); Add(ScoringWeights.Applicant, ScoringWeights.UnknownCredit); }
            else if (s.OpenToAllApplicants && accepted.Contains(applicant)) { reasons.Add(Messages.ApplicantOpen(applicant)); Add(ScoringWeights.Applicant, 1); }
            else if (accepted.Contains(applicant)) { reasons.Add(Messages.ApplicantMatch(applicant)); Add(ScoringWeights.Applicant, 1); }
            else if (broader.FirstOrDefault(accepted.Contains) is { } group)
            {
                reasons.Add(Messages.ApplicantBroaderMatch(applicant, group));
                Add(ScoringWeights.Applicant, ScoringWeights.BroaderApplicantCredit);
            }
            else { unmet.Add(Messages.ApplicantMismatch(applicant, accepted)); Add(ScoringWeights.Applicant, 0); }
        }

        // Hard: the programme runs on activeOn (always evaluated).
        var fiscalYear = FiscalYear.Of(p.ActiveOn);
        switch (s.IsActiveIn(fiscalYear))
        {
            case null when Successor(catalog, s) is { } next && next.IsActiveIn(fiscalYear) == true:
                // The sources give no period, but the catalog links an active successor: the programme has been taken over.
                unmet.Add(Messages.Superseded(next));
                Add(ScoringWeights.Period, 0);
                break;
            case null: unknown.Add(Messages.PeriodUnknown()); Add(ScoringWeights.Period, ScoringWeights.UnknownCredit); break;
            case true: reasons.Add(Messages.Active(fiscalYear, s.Period)); Add(ScoringWeights.Period, 1); break;
            default:
                var successor = Successor(catalog, s);
                unmet.Add(s.Period.EndFiscalYear is { } end && end < fiscalYear
                    ? Messages.Ended(end, fiscalYear, successor)
                    : Messages.NotStarted(s.Period.StartFiscalYear!.Value, fiscalYear));
                Add(ScoringWeights.Period, 0);
                break;
        }

        // Soft: needs.
        if (p.Needs.Count > 0)
        {
            if (s.Needs.Count == 0 && s.SupportTypes.Count == 0 && s.Categories.Count == 0)
            {
                unknown.Add(Messages.NeedsUnknown());
                Add(ScoringWeights.Needs, ScoringWeights.UnknownCredit);
            }
            else
            {
                double covered = 0;
                foreach (var need in Ordered(p.Needs, Vocabularies.Need))
                {
                    if (!Serves(s, need)) unmet.Add(Messages.NeedNotCovered(need));
                    else if (IsMainPurpose(s, need)) { covered += 1; reasons.Add(Messages.NeedCovered(need)); }
                    else { covered += ScoringWeights.SecondaryNeedCredit; reasons.Add(Messages.NeedAlsoCovered(need, s.PrimaryNeeds)); }
                }
                Add(ScoringWeights.Needs, covered / p.Needs.Count);
            }
        }

        // Soft: preferred support type.
        if (p.SupportTypes.Count > 0)
        {
            if (s.SupportTypes.Count == 0) { unknown.Add(Messages.SupportTypeUnknown()); Add(ScoringWeights.SupportType, ScoringWeights.UnknownCredit); }
            else if (Ordered(p.SupportTypes, Vocabularies.SupportType).FirstOrDefault(s.SupportTypes.Contains) is { } type)
            { reasons.Add(Messages.SupportTypeMatch(type)); Add(ScoringWeights.SupportType, 1); }
            else { unmet.Add(Messages.SupportTypeMismatch(p.SupportTypes, s.SupportTypes)); Add(ScoringWeights.SupportType, 0); }
        }

        // Soft: text relevance.
        if (text is { Scores: true })
        {
            if (text.TryGet(s.Id, out var hit)) { reasons.Add(Messages.TextMatch(p.Query!, hit.Highlights)); Add(ScoringWeights.Text, ScoringWeights.TextMatchCredit + (1 - ScoringWeights.TextMatchCredit) * hit.Score); }
            else if (text.TryGetPartial(s.Id, out var part))
            {
                reasons.Add(Messages.TextPartialMatch(part.MatchedWords, part.Highlights));
                unmet.Add(Messages.TextWordsNotMatched(part.MissingWords));
                Add(ScoringWeights.Text, ScoringWeights.TextMatchCredit * part.MatchedWords.Count / (part.MatchedWords.Count + part.MissingWords.Count));
            }
            else { unmet.Add(Messages.TextNotMatched(p.Query!)); Add(ScoringWeights.Text, 0); }
        }

        // Soft: device-specific ahead of general, for device developers.
        if (p.DeviceDeveloper)
        {
            switch (s.DeviceSpecific)
            {
                case true: reasons.Add(Messages.DeviceSpecific()); Add(ScoringWeights.DeviceSpecific, 1); break;
                case false: Add(ScoringWeights.DeviceSpecific, 0); break;
                default: Add(ScoringWeights.DeviceSpecific, ScoringWeights.DeviceUnknownCredit); break;
            }
        }

        // Soft: size of the funding, when funding is a need.
        if (p.Needs.Contains("funding"))
        {
            var (credit, finding) = funding.Credit(s, p.Stage);
            if (finding is not null) reasons.Add(finding);
            Add(ScoringWeights.FundingSize, credit);
        }

        // Soft: a call for proposals open on activeOn, with time enough to apply (only where calls are curated).
        if (s.Calls.Count > 0)
        {
            var day = p.ActiveOn;
            var open = s.Calls.Where(c => c.AcceptsOn(day))
                .OrderByDescending(c => CallDates.Closing(c.ClosesAt) ?? DateTimeOffset.MaxValue).FirstOrDefault();
            var upcoming = s.Calls.Where(c => c.Status is not ("cancelled" or "closed") && CallDates.Opening(c.OpensAt) > CallDates.EndOfDay(day))
                .OrderBy(c => CallDates.Opening(c.OpensAt)).FirstOrDefault();
            if (open is not null)
            {
                var daysLeft = CallDates.Closing(open.ClosesAt) is { } closes ? CallDates.DayInJapan(closes).DayNumber - day.DayNumber : (int?)null;
                if (daysLeft < ScoringWeights.PreparationDays) { reasons.Add(Messages.CallClosingSoon(open, daysLeft!.Value)); Add(ScoringWeights.Call, ScoringWeights.ClosingSoonCredit); }
                else { reasons.Add(Messages.CallOpen(open, daysLeft)); Add(ScoringWeights.Call, 1); }
            }
            else if (upcoming is not null) { reasons.Add(Messages.CallUpcoming(upcoming)); Add(ScoringWeights.Call, ScoringWeights.UpcomingCallCredit); }
            else { unknown.Add(Messages.NextCallUnknown(s.Calls)); Add(ScoringWeights.Call, ScoringWeights.NextCallUnknownCredit); }
        }

        var score = weights == 0 ? 0 : Math.Round(weighted / weights, ScoringWeights.ScoreDecimals, MidpointRounding.AwayFromZero);
        var eligible = !unmet.Any(f => FindingCodes.Hard.Contains(f.Code));
        return new Recommendation(s, score, eligible, reasons, unmet, unknown, Links(catalog, s));
    }

    /// <summary>Whether the scheme serves a need: its need tags, or for some needs its support type or overview category.</summary>
    internal static bool Serves(Scheme s, string need) => s.Needs.Contains(need) || need switch
    {
        "funding" => s.SupportTypes.Contains("funding"),
        "international" => s.Categories.Contains("international"),
        "human_resources" => s.Categories.Contains("human_resources"),
        "commercialization" => s.Categories.Contains("commercialization"),
        _ => false,
    };

    /// <summary>Whether serving the need is the scheme's main purpose (its primaryNeeds; every need it serves when none are curated).</summary>
    internal static bool IsMainPurpose(Scheme s, string need) => s.PrimaryNeeds.Count == 0 || s.PrimaryNeeds.Contains(need);

    /// <summary>Codes in vocabulary order, so findings read the same every time.</summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> codes, Vocabulary vocabulary)
    {
        var set = codes.ToHashSet();
        return vocabulary.Terms.Select(t => t.Code).Where(set.Contains);
    }

    internal static Scheme? Successor(CatalogSnapshot catalog, Scheme s) => s.Related
        .Where(r => r.RelationType is "renamed_to" or "successor")
        .Select(r => catalog.Find(r.Id))
        .OfType<Scheme>()
        .OrderBy(x => x.Id, StringComparer.Ordinal)
        .FirstOrDefault();

    internal static IReadOnlyList<SchemeLink> Links(CatalogSnapshot catalog, Scheme s)
    {
        var links = new List<SchemeLink>();
        if (s.Parent is not null && catalog.Find(s.Parent) is { } parent) links.Add(new("parent", parent.Id, parent.Name));
        links.AddRange(catalog.ChildrenOf(s.Id).OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => new SchemeLink("child", c.Id, c.Name)));
        links.AddRange(s.Related
            .Select(r => (r.RelationType, Target: catalog.Find(r.Id)))
            .Where(x => x.Target is not null)
            .OrderBy(x => x.RelationType, StringComparer.Ordinal).ThenBy(x => x.Target!.Id, StringComparer.Ordinal)
            .Select(x => new SchemeLink(x.RelationType, x.Target!.Id, x.Target.Name)));
        return links;
    }

    /// <summary>Log-scaled funding size against the largest in the catalog: the per-project cap for the stage, else the programme budget.</summary>
    private sealed class FundingScale(decimal maxCap, decimal maxBudget)
    {
        public static FundingScale Of(CatalogSnapshot catalog) => new(
            catalog.Schemes.SelectMany(s => s.GrantCaps).Select(c => c.AmountMillionYen).DefaultIfEmpty(0).Max(),
            catalog.Schemes.Select(s => s.LatestBudget?.AmountMillionYen ?? 0).DefaultIfEmpty(0).Max());

        public (double Credit, Finding? Finding) Credit(Scheme s, string? stage)
        {
            if (!s.SupportTypes.Contains("funding") && !s.Needs.Contains("funding")) return (0, null);
            var cap = CapFor(s, stage);
            if (cap is not null && maxCap > 0)
                return (Log(cap.AmountMillionYen, maxCap), Messages.FundingCap(cap, stage));
            if (s.LatestBudget is { } budget && maxBudget > 0)
                return (ScoringWeights.BudgetInsteadOfCapCredit * Log(budget.AmountMillionYen, maxBudget), Messages.FundingBudget(budget));
            return (0, null);
        }

        private static double Log(decimal amount, decimal max) =>
            Math.Clamp(Math.Log10(1 + (double)amount) / Math.Log10(1 + (double)max), 0, 1);
    }

    /// <summary>
    /// The cap to quote for a project at the stage: the largest cap the sources tie to that stage, else the largest
    /// cap tied to no stage; without a stage, the largest cap. Null when no cap applies.
    /// </summary>
    public static GrantCap? CapFor(Scheme s, string? stage)
    {
        static GrantCap? Largest(IEnumerable<GrantCap> caps) =>
            caps.OrderByDescending(c => c.AmountMillionYen).ThenBy(c => c.Per, StringComparer.Ordinal).FirstOrDefault();
        if (stage is null) return Largest(s.GrantCaps);
        return Largest(s.GrantCaps.Where(c => c.Stages.Contains(stage))) ?? Largest(s.GrantCaps.Where(c => c.Stages.Count == 0));
    }
}
