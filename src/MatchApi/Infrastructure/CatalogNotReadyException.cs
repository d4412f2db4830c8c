namespace MatchApi.Infrastructure;

/// <summary>A request needs the catalog before its first load has finished; answered 503 (ProblemExceptionHandler).</summary>
public sealed class CatalogNotReadyException() : InvalidOperationException("The catalog is not loaded yet.");
