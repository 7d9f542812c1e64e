{{- define "keyslot-operator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains "keyslot" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "keyslot-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "keyslot-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "keyslot-operator.selectorLabels" -}}
app.kubernetes.io/name: keyslot-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "keyslot-operator.labels" -}}
{{ include "keyslot-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The namespaces the operator watches: none means all, except with namespace-scoped RBAC. */}}
{{- define "keyslot-operator.watchNamespaces" -}}
{{- if not (kindIs "slice" .Values.watchNamespaces) -}}
{{- fail (printf "watchNamespaces must be a list of namespaces, e.g. --set 'watchNamespaces[0]=apps', not %q" (toString .Values.watchNamespaces)) -}}
{{- end -}}
{{- if and (eq .Values.rbac.scope "namespace") (empty .Values.watchNamespaces) -}}
{{- list .Release.Namespace | toJson -}}
{{- else -}}
{{- .Values.watchNamespaces | toJson -}}
{{- end -}}
{{- end -}}

{{/*
What the operator does, and nothing more (operator/.../reconciler); deploy/rbac must grant the same rules:
- watches RedisClusters, adds and removes its finalizer, and writes only their status subresource;
- sets blockOwnerDeletion on the objects it owns, which needs update on redisclusters/finalizers;
- lists the pods and StatefulSets of a cluster to reach the nodes, and deletes a pod to restart it during a
  rolling upgrade;
- creates the generated password Secret and the operator ACL user's Secret, reads a user-provided one, and
  updates its own record of the applied password on password rotation;
- creates and updates the ConfigMap, Services, StatefulSets and PodDisruptionBudgets, shrinks StatefulSets
  (patch) and deletes them and their budgets on scale-in;
- creates, updates and deletes the optional NetworkPolicy (spec.networkPolicy);
- records Events.
*/}}
{{- define "keyslot-operator.rules" -}}
- apiGroups: [keyslot.dev]
  resources: [redisclusters]
  verbs: [get, list, watch, patch, update]
- apiGroups: [keyslot.dev]
  resources: [redisclusters/status]
  verbs: [get, update, patch]
- apiGroups: [keyslot.dev]
  resources: [redisclusters/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, delete]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, create, update]
- apiGroups: [""]
  resources: [configmaps, services]
  verbs: [get, create, update]
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [get, list, create, update, patch, delete]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, create, update, delete]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, create, update, delete]
- apiGroups: [""]
  resources: [events]
  verbs: [create]
- apiGroups: [cert-manager.io]
  resources: [certificates]
  verbs: [get, create, update]
{{- end -}}
