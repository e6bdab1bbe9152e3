package org.mcxkms.kms.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mcxkms.kms.protocol.KmsProtocolException.Reason;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A read-only view of one element for the tolerant reader: children in the document's namespace
 * grouped by local name, in any order; children in other namespaces and unknown names ignored; a
 * known element occurring twice rejected. Every error carries the element path.
 */
final class Dom {
  final Element element;
  final String path;
  private final String ns;
  private final Map<String, List<Element>> children = new LinkedHashMap<>();

  private Dom(Element element, String path, String ns) {
    this.element = element;
    this.path = path;
    this.ns = ns;
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && sameNs(e.getNamespaceURI(), ns)) {
        children.computeIfAbsent(e.getLocalName(), k -> new ArrayList<>()).add(e);
      }
    }
  }

  private static boolean sameNs(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  /** A view of {@code element} whose known children are in namespace {@code ns} (null for none). */
  static Dom of(Element element, String path, String ns) {
    return new Dom(element, path, ns);
  }

  /** A view of another element, reading children in {@code ns}. */
  Dom view(Element child, String childPath, String childNs) {
    return new Dom(child, childPath, childNs);
  }

  String child(String name) {
    return path + "/" + name;
  }

  Optional<Dom> optional(String name) throws KmsProtocolException {
    List<Element> list = children.getOrDefault(name, Collections.emptyList());
    if (list.size() > 1) {
      throw new KmsProtocolException(Reason.DUPLICATE_ELEMENT, child(name), "occurs " + list.size() + " times, at most once allowed");
    }
    return list.isEmpty() ? Optional.empty() : Optional.of(new Dom(list.get(0), child(name), ns));
  }

  Dom required(String name) throws KmsProtocolException {
    return optional(name).orElseThrow(
        () -> new KmsProtocolException(Reason.MISSING_ELEMENT, child(name), "is required but missing"));
  }

  List<Dom> all(String name) {
    List<Element> list = children.getOrDefault(name, Collections.emptyList());
    List<Dom> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(new Dom(list.get(i), path + "/" + name + "[" + (i + 1) + "]", ns));
    }
    return out;
  }

  /** Number of children called {@code name}. */
  int count(String name) {
    return children.getOrDefault(name, Collections.emptyList()).size();
  }

  /** The element's text, trimmed; an element with element children is rejected. */
  String text() throws KmsProtocolException {
    StringBuilder s = new StringBuilder();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      switch (n.getNodeType()) {
        case Node.TEXT_NODE:
        case Node.CDATA_SECTION_NODE:
          s.append(n.getNodeValue());
          break;
        case Node.ELEMENT_NODE:
          throw new KmsProtocolException(Reason.INVALID_VALUE, path, "must hold text, not the element <" + n.getNodeName() + ">");
        default:
          break; // comments, processing instructions
      }
    }
    return s.toString().trim();
  }

  /** Text that must not be empty. */
  String nonEmptyText() throws KmsProtocolException {
    String t = text();
    if (t.isEmpty()) {
      throw new KmsProtocolException(Reason.INVALID_VALUE, path, "is empty");
    }
    return t;
  }

  String requiredText(String name) throws KmsProtocolException {
    return required(name).nonEmptyText();
  }

  Optional<String> optionalText(String name) throws KmsProtocolException {
    Optional<Dom> d = optional(name);
    return d.isPresent() ? Optional.of(d.get().text()) : Optional.empty();
  }

  /** An unqualified attribute, trimmed, if present. */
  Optional<String> attribute(String name) {
    return element.hasAttributeNS(null, name) ? Optional.of(element.getAttributeNS(null, name).trim()) : Optional.empty();
  }

  /** Local part of {@code xsi:type} (prefix ignored), if present. */
  Optional<String> xsiType() {
    if (!element.hasAttributeNS(KmsXml.XSI_NS, "type")) {
      return Optional.empty();
    }
    String v = element.getAttributeNS(KmsXml.XSI_NS, "type").trim();
    int colon = v.indexOf(':');
    return Optional.of(colon >= 0 ? v.substring(colon + 1) : v);
  }

  /** Direct element children in namespace {@code childNs} named {@code name}. */
  List<Element> foreign(String childNs, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && sameNs(e.getNamespaceURI(), childNs) && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }
}
