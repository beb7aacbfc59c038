/// Placeholder until the OpenFlow issue lands.
public enum OpenFlowModule {}
