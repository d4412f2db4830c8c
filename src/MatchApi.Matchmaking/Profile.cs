namespace MatchApi.Matchmaking;

/// <summary>
/// Who is asking and what they need: the resolved (code-level) input of a recommendation.
/// Every criterion is optional; a criterion left out is neither rewarded nor penalised.
/// </summary>
public sealed record Profile
{
    /// <summary>Current development stage (stage vocabulary code). Hard criterion.</summary>
    public string? Stage { get; init; }

    /// <summary>Applicant type (applicant vocabulary code). Hard criterion.</summary>
    public string? Applicant { get; init; }

    /// <summary>Needs (need vocabulary codes). Soft criterion: the share of needs a scheme covers.</summary>
    public IReadOnlySet<string> Needs { get; init; } = new HashSet<string>();

    /// <summary>Preferred support types (funding / soft). Soft criterion.</summary>
    public IReadOnlySet<string> SupportTypes { get; init; } = new HashSet<string>();

    /// <summary>Free text: the device, disease area or technology. Soft criterion (text relevance).</summary>
    public string? Query { get; init; }

    /// <summary>The day the programme must be running on. Hard criterion.</summary>
    public required DateOnly ActiveOn { get; init; }

    /// <summary>Whether the asker develops medical devices (then device-specific schemes rank ahead of general ones).</summary>
    public bool DeviceDeveloper { get; init; } = DefaultDeviceDeveloper;

    /// <summary>Who asks is taken to develop devices unless they say otherwise.</summary>
    public const bool DefaultDeviceDeveloper = true;

    /// <summary>Also return schemes failing a hard criterion (after every eligible one).</summary>
    public bool IncludeIneligible { get; init; }
}
