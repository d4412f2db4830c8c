namespace MatchApi.Matchmaking;

/// <summary>One reason, unmet criterion or unknown criterion: a stable code and a Japanese message.</summary>
public sealed record Finding(string Code, string Message);

/// <summary>The stable codes of findings (part of the public API: add, never rename).</summary>
public static class FindingCodes
{
    // reasons
    public const string StageMatch = "stage_match";
    public const string ApplicantMatch = "applicant_match";
    public const string Active = "active";
    public const string NeedCovered = "need_covered";
    public const string SupportTypeMatch = "support_type_match";
    public const string TextMatch = "text_match";
    /// <summary>The scheme matches some of the free text's words (the others are reported unmet as text_not_matched).</summary>
    public const string TextPartialMatch = "text_partial_match";
    public const string DeviceSpecific = "device_specific";
    public const string FundingSize = "funding_size";
    public const string CallOpen = "call_open";
    public const string CallClosingSoon = "call_closing_soon";
    public const string CallUpcoming = "call_upcoming";

    // unmet
    public const string StageMismatch = "stage_mismatch";
    public const string ApplicantMismatch = "applicant_mismatch";
    public const string Ended = "ended";
    public const string NotStarted = "not_started";
    public const string Superseded = "superseded";
    public const string NeedNotCovered = "need_not_covered";
    public const string SupportTypeMismatch = "support_type_mismatch";
    public const string TextNotMatched = "text_not_matched";

    // unknown
    public const string StageUnknown = "stage_unknown";
    public const string ApplicantUnknown = "applicant_unknown";
    public const string PeriodUnknown = "period_unknown";
    public const string NeedsUnknown = "needs_unknown";
    public const string SupportTypeUnknown = "support_type_unknown";
    public const string NextCallUnknown = "next_call_unknown";

    /// <summary>Unmet codes that make a scheme ineligible (the hard criteria).</summary>
    public static readonly IReadOnlySet<string> Hard = new HashSet<string> { StageMismatch, ApplicantMismatch, Ended, NotStarted, Superseded };
}
