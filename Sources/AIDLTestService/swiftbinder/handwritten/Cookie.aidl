package swiftbinder.handwritten;

/**
 * An unstructured parcelable: hand-written in each language (Handwritten.swift
 * in Swift). The other backends' headers and types are accepted and ignored.
 */
parcelable Cookie cpp_header "swiftbinder/Cookie.h" ndk_header "aidl/swiftbinder/Cookie.h" rust_type "crate::Cookie";
