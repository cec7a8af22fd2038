package swiftbinder.versioned;

/**
 * A versioned stable interface: aidl-options beside this file compiles it as
 * version 3 with a frozen-API hash, so it answers getInterfaceVersion and
 * getInterfaceHash.
 */
interface IVersioned {
    int repeatInt(int value);
}
