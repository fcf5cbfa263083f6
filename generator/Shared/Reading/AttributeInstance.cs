using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace CnnDsl.Reading;

/// <summary>
/// Makes an instance of one of the public attribute classes (compiled into this assembly from the runtime
/// library's sources) from what the compiler bound: the constructor's values, then each named argument set on the
/// property of that name. So every argument name and default value is the attribute's own, written once.
/// </summary>
internal static class AttributeInstance
{
    /// <summary>The instance, or null when the arguments do not fit the class (the compiler reports those).</summary>
    public static object? Create(Type type, ImmutableArray<TypedConstant> constructorArguments, ImmutableArray<System.Collections.Generic.KeyValuePair<string, TypedConstant>> namedArguments)
    {
        try
        {
            // The overload of as many parameters as the compiler bound (Conv(filters, kernel) or Conv(filters, kernelH, kernelW));
            // Use<TBlock> has no constructor arguments where Use(typeof(B)) has one: a missing value is its type's default.
            var constructors = type.GetConstructors();
            var constructor = constructors.FirstOrDefault(c => c.GetParameters().Length == constructorArguments.Length)
                ?? constructors.FirstOrDefault(c => c.GetParameters().Length >= constructorArguments.Length);
            if (constructor is null) return null;
            var parameters = constructor.GetParameters();
            var values = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
                values[i] = i < constructorArguments.Length ? Value(constructorArguments[i], parameters[i].ParameterType) : Default(parameters[i].ParameterType);
            object instance = constructor.Invoke(values);
            foreach (var named in namedArguments)
            {
                var property = type.GetProperty(named.Key, BindingFlags.Public | BindingFlags.Instance);
                if (property is null || !property.CanWrite) continue;
                property.SetValue(instance, Value(named.Value, property.PropertyType));
            }
            return instance;
        }
        catch (Exception e) when (e is ArgumentException or TargetInvocationException or InvalidCastException or MemberAccessException)
        {
            return null;
        }
    }

    private static object? Value(TypedConstant constant, Type target)
    {
        if (constant.Kind == TypedConstantKind.Error || constant.IsNull) return Default(target);
        // Types (Use(typeof(B)), BasedOn) are read from the symbols, never from the instance.
        if (constant.Value is ITypeSymbol) return null;
        var value = constant.Value;
        if (target.IsEnum && value is not null) return Enum.ToObject(target, value);
        if (value is not null && value.GetType() != target && target.IsPrimitive) return Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
        return value;
    }

    private static object? Default(Type type) => type.IsValueType ? Activator.CreateInstance(type) : null;
}
