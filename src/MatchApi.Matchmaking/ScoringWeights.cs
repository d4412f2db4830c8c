namespace MatchApi.Matchmaking;

/// <summary>
/// The one place for the weights of the matchmaking score (explained for consultants in docs/matchmaking.md).
/// The score is the weighted mean of the criteria the profile states: Σ weight × credit / Σ weight, so it stays in 0..1.
/// A criterion the profile does not state takes no part (neither weight nor credit). The score orders schemes within
/// a tier: eligible before ineligible, and within each, schemes meeting every stated criterion before those with an
/// unmet one (<see cref="Recommender.Rank"/>).
/// </summary>
public static class ScoringWeights
{
    // Hard criteria (a scheme failing one is ineligible; these weights only rank eligible schemes among themselves).
    /// <summary>The scheme supports the profile's development stage.</summary>
    public const double Stage = 0.20;
    /// <summary>The scheme accepts the profile's applicant type.</summary>
    public const double Applicant = 0.15;
    /// <summary>The programme runs on activeOn.</summary>
    public const double Period = 0.05;

    // Soft fit.
    /// <summary>Share of the stated needs the scheme serves.</summary>
    public const double Needs = 0.30;
    /// <summary>The scheme offers a preferred support type (funding / soft).</summary>
    public const double SupportType = 0.10;
    /// <summary>Text relevance of the free-text query (search score, normalised to the best hit = 1).</summary>
    public const double Text = 0.20;
    /// <summary>Device-specific schemes (● in the 2023 overview) ahead of general ones (○), for device developers.</summary>
    public const double DeviceSpecific = 0.05;
    /// <summary>Size of the funding (grant cap, else programme budget), only when funding is a stated need.</summary>
    public const double FundingSize = 0.05;
    /// <summary>A call for proposals (公募) the client can still apply to; only for schemes whose calls are curated.</summary>
    public const double Call = 0.10;

    // Credits.
    /// <summary>
    /// Credit for any text match; the rest of the text credit follows the search's relevance (best match = 1), so a scheme
    /// that matches the words at all ranks well above one that does not.
    /// </summary>
    public const double TextMatchCredit = 0.5;
    /// <summary>Credit for a criterion the sources do not state for the scheme: never unmet, but below a confirmed fit.</summary>
    public const double UnknownCredit = 0.5;
    /// <summary>
    /// Credit for a need the scheme serves but does not exist for (not among its primaryNeeds), e.g. regulatory advice from
    /// a grant that funds trials: a scheme whose main purpose is the need ranks above one that also serves it.
    /// </summary>
    public const double SecondaryNeedCredit = 0.5;
    /// <summary>Credit when the scheme accepts a broader applicant group that includes the profile's (e.g. 企業 for a startup).</summary>
    public const double BroaderApplicantCredit = 0.8;
    /// <summary>Credit for a device-specific scheme whose ● / ○ mark the sources do not give.</summary>
    public const double DeviceUnknownCredit = 0.5;
    /// <summary>Funding size judged from the programme budget (no per-project cap in the sources) counts this much of a cap.</summary>
    public const double BudgetInsteadOfCapCredit = 0.5;

    /// <summary>Days a client needs to prepare an application: an accepting call closing sooner is one they may not make.</summary>
    public const int PreparationDays = 14;
    /// <summary>Credit for an accepting call closing within <see cref="PreparationDays"/>.</summary>
    public const double ClosingSoonCredit = 0.3;
    /// <summary>Credit for an announced call that opens later.</summary>
    public const double UpcomingCallCredit = 0.7;
    /// <summary>Credit when every curated call has closed and the next one is not known.</summary>
    public const double NextCallUnknownCredit = 0.2;

    /// <summary>Scores are rounded to this many decimals before ranking, so the published score explains the order.</summary>
    public const int ScoreDecimals = 4;
}
