using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CnnDsl.Diagnostics;
using CnnDsl.Model;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Reading;

/// <summary>
/// The scaling arguments of one <c>[Network]</c> attribute as written (null = not written), and the factors they
/// stand for once valid. Invalid values are reported by <see cref="Validate"/> and then count as not written.
/// </summary>
internal sealed class ScalingArguments
{
    public bool HasBase { get; private set; }
    /// <summary>The BasedOn type; null when written as null or when it did not bind.</summary>
    public ITypeSymbol? Base { get; private set; }
    public bool HasInput { get; private set; }
    public double? Width { get; private set; }
    public double? Depth { get; private set; }
    public int? Resolution { get; private set; }
    public double? Phi { get; private set; }

    public bool HasFactors => Width is not null || Depth is not null || Resolution is not null || Phi is not null;

    /// <summary>Width to multiply by: the written Width, or beta^phi.</summary>
    public double WidthFactor => Width ?? (Phi is { } p ? Math.Pow(CompoundScaling.Beta, p) : 1.0);

    /// <summary>Depth to multiply by: the written Depth, or alpha^phi.</summary>
    public double DepthFactor => Depth ?? (Phi is { } p ? Math.Pow(CompoundScaling.Alpha, p) : 1.0);

    public bool ScalesWidth => Width is not null || Phi is not null;

    /// <summary>The arguments of a level that scales by <paramref name="phi"/> alone (a budget's chosen coefficient).</summary>
    public static ScalingArguments ForPhi(double phi) => new() { Phi = phi };

    /// <summary>The arguments of a level that scales by the given factors only.</summary>
    public static ScalingArguments ForFactors(double? width = null, double? depth = null, int? resolution = null) => new() { Width = width, Depth = depth, Resolution = resolution };

    public static ScalingArguments Read(AttributeData network)
    {
        var args = new ScalingArguments();
        foreach (var named in network.NamedArguments)
        {
            var value = named.Value.Value;
            switch (named.Key)
            {
                case nameof(NetworkAttribute.BasedOn): args.HasBase = true; args.Base = value as ITypeSymbol; break;
                case nameof(NetworkAttribute.Input): args.HasInput = true; break;
                case nameof(NetworkAttribute.Width) when value is double w: args.Width = w; break;
                case nameof(NetworkAttribute.Depth) when value is double d: args.Depth = d; break;
                case nameof(NetworkAttribute.Resolution) when value is int r: args.Resolution = r; break;
                case nameof(NetworkAttribute.Phi) when value is double p: args.Phi = p; break;
            }
        }
        return args;
    }

    /// <summary>Reports arguments that are wrong on their own (errors on the <c>[Network]</c> attribute) and drops them.</summary>
    public void Validate(List<ModelError> problems)
    {
        if (Width is { } w && !(w > 0 && !double.IsInfinity(w))) { Problem(problems, DiagnosticIds.ScaleNotPositive, nameof(NetworkAttribute.Width), nameof(NetworkAttribute.Width), Format(w)); Width = null; }
        if (Depth is { } d && !(d > 0 && !double.IsInfinity(d))) { Problem(problems, DiagnosticIds.ScaleNotPositive, nameof(NetworkAttribute.Depth), nameof(NetworkAttribute.Depth), Format(d)); Depth = null; }
        if (Resolution is { } r && r <= 0) { Problem(problems, DiagnosticIds.ScaleNotPositive, nameof(NetworkAttribute.Resolution), nameof(NetworkAttribute.Resolution), r.ToString(CultureInfo.InvariantCulture)); Resolution = null; }
        if (Phi is { } p)
        {
            if (double.IsNaN(p) || double.IsInfinity(p))
            {
                Problem(problems, DiagnosticIds.InvalidArgument, nameof(NetworkAttribute.Phi), nameof(NetworkAttribute.Phi), Format(p), "a finite number");
                Phi = null;
            }
            else if (Width is not null || Depth is not null || Resolution is not null)
            {
                string others = string.Join(", ", new[] { Width is null ? null : "Width", Depth is null ? null : "Depth", Resolution is null ? null : "Resolution" }.OfType<string>());
                Problem(problems, DiagnosticIds.ScalingConflict, nameof(NetworkAttribute.Phi), nameof(NetworkAttribute.Phi), others, "Phi sets width, depth and resolution together");
                Phi = null;
            }
        }
        if (HasBase && HasInput)
            Problem(problems, DiagnosticIds.ScalingConflict, nameof(NetworkAttribute.Input), nameof(NetworkAttribute.Input), "BasedOn", "the input comes from the base; set Resolution to change its height and width");
    }

    private static void Problem(List<ModelError> problems, string id, string argument, params string[] args)
        => problems.Add(new ModelError(id, NetworkBuilder.NetworkAttributeSourceId, argument, args.ToEquatableArray()));

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
