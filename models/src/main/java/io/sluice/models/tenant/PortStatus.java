package io.sluice.models.tenant;

/** Neutron's port status: ACTIVE only once every switch concerned has acknowledged the port's flows. */
public enum PortStatus {
    DOWN, BUILD, ACTIVE, ERROR
}
