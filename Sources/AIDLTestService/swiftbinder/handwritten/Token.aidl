package swiftbinder.handwritten;

/** An unstructured parcelable whose Swift type is named by swift_type. */
parcelable Token swift_type "AIDLTestService.HandwrittenToken";
