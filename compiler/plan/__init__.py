"""Planning: conflict components, legality, the cost model, lock plans and link-time plan guards."""
