using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MatchApi.Partners;

/// <summary>Fails start-up on a configuration that would store a key instead of its hash, or limits that make no sense.</summary>
internal sealed partial class PartnerOptionsValidator : IValidateOptions<PartnerOptions>
{
    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();

    public ValidateOptionsResult Validate(string? name, PartnerOptions options)
    {
        var failures = new List<string>();
        if (options.Anonymous.PermitLimit < 1 || options.Anonymous.WindowSeconds < 1)
            failures.Add("Partners:Anonymous: PermitLimit and WindowSeconds must be at least 1.");
        if (options.SameOrigin.PermitLimit < 1 || options.SameOrigin.WindowSeconds < 1)
            failures.Add("Partners:SameOrigin: PermitLimit and WindowSeconds must be at least 1.");
        if (options.InvalidKeys.PermitLimit < 1 || options.InvalidKeys.WindowSeconds < 1)
            failures.Add("Partners:InvalidKeys: PermitLimit and WindowSeconds must be at least 1.");
        if (options.ExpensiveRequests.ConcurrencyLimit < 1 || options.ExpensiveRequests.QueueLimit < 0)
            failures.Add("Partners:ExpensiveRequests: ConcurrencyLimit must be at least 1 and QueueLimit at least 0.");
        if (options.RefusalLogSeconds < 1)
            failures.Add("Partners:RefusalLogSeconds must be at least 1.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, key) in options.Keys)
        {
            var hash = key.KeyHash ?? "";
            // The value is never echoed: it might be a key pasted by mistake.
            if (!Sha256Hex().IsMatch(hash))
                failures.Add($"Partners:Keys:{id}:KeyHash must be the 64-character hex SHA-256 of the key (printf %s \"$KEY\" | sha256sum), not the key itself.");
            else if (!seen.Add(hash))
                failures.Add($"Partners:Keys:{id}:KeyHash is configured for more than one partner.");
            if (key.PermitLimit < 1 || key.WindowSeconds < 1)
                failures.Add($"Partners:Keys:{id}: PermitLimit and WindowSeconds must be at least 1.");
            foreach (var role in key.Roles.Where(r => !PartnerRoles.All.Contains(r)))
                failures.Add($"Partners:Keys:{id}:Roles: '{role}' is not a role. Accepted: {string.Join(", ", PartnerRoles.All.Order())}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
