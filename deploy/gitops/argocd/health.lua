-- Argo CD health of a RedisCluster (keyslot.dev/v1alpha1), read from the status the operator writes.
-- A status older than the spec (observedGeneration behind metadata.generation) says nothing about the
-- current spec yet, so the resource is Progressing until the operator has seen it.
local hs = {}
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end
if obj.status.phase == "Paused" then
  hs.status = "Suspended"
  hs.message = obj.status.message or "spec.paused is true"
  return hs
end
if obj.status.phase == "Invalid" then
  hs.status = "Degraded"
  hs.message = obj.status.message or "The spec is invalid"
  return hs
end
local conditions = {}
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    conditions[condition.type] = condition
  end
end
if conditions.Degraded ~= nil and conditions.Degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = conditions.Degraded.message or "The cluster is degraded"
  return hs
end
if conditions.Ready ~= nil and conditions.Ready.status == "True" then
  hs.status = "Healthy"
  hs.message = conditions.Ready.message or "Ready"
  return hs
end
hs.status = "Progressing"
hs.message = obj.status.message or "The operator is reconciling the cluster"
return hs
