using CnnDsl.Zoo;

namespace CnnDsl.Tests;

// Variants defined in another assembly than their base (the zoo): the generator reads the base from metadata.

/// <summary>B0 scaled by the compound coefficient phi = 1: width 1.1, depth 1.2, resolution round(224 * 1.15) = 258.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Phi = 1)]
public partial class EfficientNetPhi1 { }

/// <summary>The same, written out.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Width = 1.1, Depth = 1.2, Resolution = 258)]
public partial class EfficientNetPhi1Explicit { }

/// <summary>phi = 2: width 1.21, depth 1.44, resolution round(224 * 1.3225) = 296.</summary>
[Network(BasedOn = typeof(EfficientNetB0), Phi = 2)]
public partial class EfficientNetPhi2 { }

/// <summary>A chain: phi = 1 on top of phi = 1 scales B0 once by the products, the same as phi = 2.</summary>
[Network(BasedOn = typeof(EfficientNetPhi1), Phi = 1)]
public partial class EfficientNetPhi1Twice { }

/// <summary>A chain through an explicit variant: B2's width and resolution, depth 1.2 * 1.5 = 1.8 on B0.</summary>
[Network(BasedOn = typeof(EfficientNetB2), Depth = 1.5)]
public partial class EfficientNetB2Deeper { }
