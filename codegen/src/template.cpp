// The Mustache subset of template.h: a parser into a node tree and a renderer.
#include "modbuild/codegen/template.h"

#include <fmt/format.h>

namespace modbuild::codegen {

struct Template::Node {
  enum class Kind { text, variable, section, inverted };
  Kind kind = Kind::text;
  std::string text;  ///< the text, or the name of a variable or section
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::vector<Node> children;
};

namespace {

using Node = Template::Node;
using nlohmann::json;

// Sections nest; deeper templates are certainly a mistake and would only
// exhaust the stack.
constexpr std::size_t kMaxDepth = 64;

struct Tag {
  char sigil = 0;  ///< '#', '^', '/', '!' or 0 for a variable
  std::string name;
  std::size_t begin = 0;  ///< offset of "{{"
  std::size_t end = 0;    ///< offset just past "}}"
};

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  support::Expected<std::vector<Node>, TemplateError> run() {
    std::vector<std::vector<Node>> stack(1);
    std::vector<Node> open;  // the sections being filled, innermost last
    std::size_t at = 0;
    while (at < text_.size()) {
      const std::size_t start = text_.find("{{", at);
      if (start == std::string_view::npos) {
        add_text(stack.back(), text_.substr(at));
        break;
      }
      auto tag = read_tag(start);
      if (!tag) return support::unexpected(tag.error());
      auto [text_end, resume] = standalone_bounds(*tag, at);
      add_text(stack.back(), text_.substr(at, text_end - at));
      at = resume;
      if (tag->sigil == '!') continue;
      if (tag->sigil == '#' || tag->sigil == '^') {
        if (open.size() >= kMaxDepth) return support::unexpected(error_at(tag->begin, "sections nest too deeply"));
        open.push_back(make_node(*tag, tag->sigil == '#' ? Node::Kind::section : Node::Kind::inverted));
        stack.emplace_back();
      } else if (tag->sigil == '/') {
        if (open.empty()) {
          return support::unexpected(error_at(tag->begin, fmt::format("'{{{{/{}}}}}' closes no open section", tag->name)));
        }
        if (open.back().text != tag->name) {
          return support::unexpected(error_at(
              tag->begin, fmt::format("expected '{{{{/{}}}}}', found '{{{{/{}}}}}'", open.back().text, tag->name)));
        }
        Node section = std::move(open.back());
        open.pop_back();
        section.children = std::move(stack.back());
        stack.pop_back();
        stack.back().push_back(std::move(section));
      } else {
        stack.back().push_back(make_node(*tag, Node::Kind::variable));
      }
    }
    if (!open.empty()) {
      const Node& unclosed = open.back();
      return support::unexpected(TemplateError{unclosed.line, unclosed.column,
                                               fmt::format("section '{}' is never closed", unclosed.text)});
    }
    return std::move(stack.front());
  }

 private:
  support::Expected<Tag, TemplateError> read_tag(std::size_t start) {
    const std::size_t close = text_.find("}}", start + 2);
    if (close == std::string_view::npos) return support::unexpected(error_at(start, "'{{' is never closed by '}}'"));
    Tag tag;
    tag.begin = start;
    tag.end = close + 2;
    std::string_view inside = trim(text_.substr(start + 2, close - start - 2));
    if (!inside.empty() && (inside[0] == '#' || inside[0] == '^' || inside[0] == '/' || inside[0] == '!')) {
      tag.sigil = inside[0];
      inside = trim(inside.substr(1));
    }
    if (tag.sigil == '!') return tag;
    if (inside.empty()) return support::unexpected(error_at(start, "a tag needs a name"));
    for (char c : inside) {
      const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
      if (!allowed) return support::unexpected(error_at(start, fmt::format("'{}' is not a valid name", inside)));
    }
    tag.name = std::string(inside);
    return tag;
  }

  // For a tag alone on its line, the text before it ends at the line's start
  // and rendering resumes after the line's newline.
  std::pair<std::size_t, std::size_t> standalone_bounds(const Tag& tag, std::size_t text_start) const {
    if (tag.sigil == 0) return {tag.begin, tag.end};
    const std::size_t line_start = text_.rfind('\n', tag.begin == 0 ? 0 : tag.begin - 1);
    const std::size_t begin_of_line =
        (line_start == std::string_view::npos || tag.begin == 0) ? 0 : line_start + 1;
    std::size_t line_end = text_.find('\n', tag.end);
    const bool ends_text = line_end == std::string_view::npos;
    if (ends_text) line_end = text_.size();
    const bool blank_before = begin_of_line >= text_start &&
                              trim(text_.substr(begin_of_line, tag.begin - begin_of_line)).empty();
    const bool blank_after = trim(text_.substr(tag.end, line_end - tag.end)).empty();
    if (!blank_before || !blank_after) return {tag.begin, tag.end};
    return {begin_of_line, ends_text ? line_end : line_end + 1};
  }

  Node make_node(const Tag& tag, Node::Kind kind) const {
    const TemplateError where = error_at(tag.begin, "");
    return Node{kind, tag.name, where.line, where.column, {}};
  }

  TemplateError error_at(std::size_t offset, std::string message) const {
    std::uint32_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return {line, static_cast<std::uint32_t>(offset - line_start + 1), std::move(message)};
  }

  static void add_text(std::vector<Node>& nodes, std::string_view text) {
    if (text.empty()) return;
    if (!nodes.empty() && nodes.back().kind == Node::Kind::text) {
      nodes.back().text += text;
      return;
    }
    nodes.push_back(Node{Node::Kind::text, std::string(text), 0, 0, {}});
  }

  std::string_view text_;
};

class Renderer {
 public:
  explicit Renderer(const json& data) { contexts_.push_back(&data); }

  support::Expected<std::string, TemplateError> run(const std::vector<Node>& nodes) {
    std::string out;
    if (!render(nodes, out)) return support::unexpected(error_);
    return out;
  }

 private:
  bool render(const std::vector<Node>& nodes, std::string& out) {
    for (const Node& node : nodes) {
      if (!render(node, out)) return false;
    }
    return true;
  }

  bool render(const Node& node, std::string& out) {
    if (node.kind == Node::Kind::text) {
      out += node.text;
      return true;
    }
    const json* value = lookup(node.text);
    if (!value) return fail(node, fmt::format("'{}' is not defined here", node.text));
    if (node.kind == Node::Kind::variable) return print(node, *value, out);
    if (node.kind == Node::Kind::inverted) return truthy(*value) ? true : render(node.children, out);
    if (!truthy(*value)) return true;
    if (value->is_array()) {
      for (const json& item : *value) {
        if (!render_in(item, node.children, out)) return false;
      }
      return true;
    }
    return value->is_object() ? render_in(*value, node.children, out) : render(node.children, out);
  }

  bool render_in(const json& context, const std::vector<Node>& nodes, std::string& out) {
    contexts_.push_back(&context);
    const bool ok = render(nodes, out);
    contexts_.pop_back();
    return ok;
  }

  bool print(const Node& node, const json& value, std::string& out) {
    if (value.is_string()) {
      out += value.get_ref<const std::string&>();
    } else if (value.is_number() || value.is_boolean()) {
      out += value.dump();
    } else {
      return fail(node, fmt::format("'{}' is not a string, number or bool", node.text));
    }
    return true;
  }

  static bool truthy(const json& value) {
    if (value.is_null()) return false;
    if (value.is_boolean()) return value.get<bool>();
    if (value.is_array()) return !value.empty();
    if (value.is_string()) return !value.get_ref<const std::string&>().empty();
    return true;
  }

  // The first segment is searched from the innermost context outwards, the
  // rest walk into the object found.
  const json* lookup(const std::string& name) const {
    if (name == ".") return contexts_.back();
    const std::size_t dot = name.find('.');
    const std::string head = name.substr(0, dot);
    const json* found = nullptr;
    for (auto it = contexts_.rbegin(); it != contexts_.rend() && !found; ++it) {
      if ((*it)->is_object() && (*it)->contains(head)) found = &(**it)[head];
    }
    std::size_t at = dot;
    while (found && at != std::string::npos) {
      const std::size_t next = name.find('.', at + 1);
      const std::string part = name.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
      found = found->is_object() && found->contains(part) ? &(*found)[part] : nullptr;
      at = next;
    }
    return found;
  }

  bool fail(const Node& node, std::string message) {
    error_ = {node.line, node.column, std::move(message)};
    return false;
  }

  std::vector<const json*> contexts_;
  TemplateError error_;
};

}  // namespace

support::Expected<Template, TemplateError> Template::parse(std::string_view text) {
  auto nodes = Parser(text).run();
  if (!nodes) return support::unexpected(nodes.error());
  Template result;
  result.nodes_ = std::make_shared<const std::vector<Node>>(std::move(*nodes));
  return result;
}

support::Expected<std::string, TemplateError> Template::render(const nlohmann::json& data) const {
  return Renderer(data).run(*nodes_);
}

}  // namespace modbuild::codegen
